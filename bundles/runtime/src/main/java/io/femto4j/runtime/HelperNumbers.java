package io.femto4j.runtime;

import java.util.Set;

/**
 * The helper numbers a {@link ContainerRuntime} offers, as {@code sdk/include/femto4j.h} declares them: upstream
 * Femto-Container numbers (0x01 to 0x61) and femto4j's own (0x1000 and up). Keep both in step.
 */
public final class HelperNumbers {
    public static final int PRINTF = 0x01;
    public static final int MEMCPY = 0x02;
    public static final int STORE_LOCAL = 0x10;
    public static final int STORE_GLOBAL = 0x11;
    public static final int FETCH_LOCAL = 0x12;
    public static final int FETCH_GLOBAL = 0x13;
    public static final int NOW_MS = 0x20;
    public static final int SAUL_REG_FIND_NTH = 0x30;
    public static final int SAUL_REG_FIND_TYPE = 0x31;
    public static final int SAUL_REG_READ = 0x32;
    public static final int SAUL_REG_WRITE = 0x33;
    public static final int GCOAP_RESP_INIT = 0x40;
    public static final int COAP_OPT_FINISH = 0x41;
    public static final int COAP_ADD_FORMAT = 0x42;
    public static final int COAP_GET_PDU = 0x43;
    public static final int FMT_S16_DFP = 0x50;
    public static final int FMT_U32_DEC = 0x51;
    public static final int STRLEN = 0x52;
    public static final int ZTIMER_NOW = 0x60;
    public static final int ZTIMER_PERIODIC_WAKEUP = 0x61;
    public static final int STORE_TENANT = 0x1000;
    public static final int FETCH_TENANT = 0x1001;
    public static final int ADD_LOCAL = 0x1010;
    public static final int ADD_TENANT = 0x1011;
    public static final int ADD_GLOBAL = 0x1012;
    public static final int CMPXCHG_LOCAL = 0x1020;
    public static final int CMPXCHG_TENANT = 0x1021;
    public static final int CMPXCHG_GLOBAL = 0x1022;

    /** Every number above. */
    public static final Set<Integer> ALL = Set.of(PRINTF, MEMCPY, STORE_LOCAL, STORE_GLOBAL, FETCH_LOCAL,
            FETCH_GLOBAL, NOW_MS, SAUL_REG_FIND_NTH, SAUL_REG_FIND_TYPE, SAUL_REG_READ, SAUL_REG_WRITE,
            GCOAP_RESP_INIT, COAP_OPT_FINISH, COAP_ADD_FORMAT, COAP_GET_PDU, FMT_S16_DFP, FMT_U32_DEC, STRLEN,
            ZTIMER_NOW, ZTIMER_PERIODIC_WAKEUP, STORE_TENANT, FETCH_TENANT, ADD_LOCAL, ADD_TENANT, ADD_GLOBAL,
            CMPXCHG_LOCAL, CMPXCHG_TENANT, CMPXCHG_GLOBAL);

    /** The key-value store helpers (all scopes). */
    public static final Set<Integer> STORES = Set.of(STORE_LOCAL, STORE_GLOBAL, FETCH_LOCAL, FETCH_GLOBAL,
            STORE_TENANT, FETCH_TENANT, ADD_LOCAL, ADD_TENANT, ADD_GLOBAL, CMPXCHG_LOCAL, CMPXCHG_TENANT,
            CMPXCHG_GLOBAL);

    /** The CoAP response helpers, for the CoAP hook. */
    public static final Set<Integer> COAP = Set.of(GCOAP_RESP_INIT, COAP_OPT_FINISH, COAP_ADD_FORMAT, COAP_GET_PDU);

    private HelperNumbers() {
    }
}
