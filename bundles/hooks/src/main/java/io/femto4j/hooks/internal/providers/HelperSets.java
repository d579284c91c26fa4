package io.femto4j.hooks.internal.providers;

import io.femto4j.runtime.HelperNumbers;

import java.util.HashSet;
import java.util.Set;

/** The helpers each built-in hook offers (a container gets these intersected with its tenant's). */
final class HelperSets {
    /** Stores, printf and memory, clocks: what a short probe needs and nothing that touches a device. */
    static final Set<Integer> PROBE;
    /** The probe's helpers, SAUL sensors and actuators, and formatting: business logic. */
    static final Set<Integer> LOGIC;
    /** Business logic plus the CoAP response helpers. */
    static final Set<Integer> COAP;

    static {
        Set<Integer> probe = new HashSet<>(HelperNumbers.STORES);
        probe.addAll(Set.of(HelperNumbers.PRINTF, HelperNumbers.MEMCPY, HelperNumbers.STRLEN, HelperNumbers.NOW_MS,
                HelperNumbers.ZTIMER_NOW));
        PROBE = Set.copyOf(probe);
        Set<Integer> logic = new HashSet<>(probe);
        logic.addAll(Set.of(HelperNumbers.SAUL_REG_FIND_NTH, HelperNumbers.SAUL_REG_FIND_TYPE,
                HelperNumbers.SAUL_REG_READ, HelperNumbers.SAUL_REG_WRITE, HelperNumbers.FMT_S16_DFP,
                HelperNumbers.FMT_U32_DEC));
        // never ZTIMER_PERIODIC_WAKEUP: it would block the hook's thread (the timer hook replaces it)
        LOGIC = Set.copyOf(logic);
        Set<Integer> coap = new HashSet<>(logic);
        coap.addAll(HelperNumbers.COAP);
        COAP = Set.copyOf(coap);
    }

    private HelperSets() {
    }
}
