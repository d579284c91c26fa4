package io.femto4j.runtime.helpers;

import io.femto4j.runtime.HelperNumbers;
import io.femto4j.runtime.spi.CoapPacket;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SaulDevice;
import io.femto4j.runtime.store.KeyValueStore;
import io.femto4j.runtime.store.Scope;
import io.femto4j.vm.HelperContext;
import io.femto4j.vm.HelperFault;
import io.femto4j.vm.HelperTable;

import java.util.List;
import java.util.Optional;

/**
 * The helper table of a {@link io.femto4j.runtime.ContainerRuntime}: every number of {@link HelperNumbers}. One
 * table serves all containers of a runtime; each helper finds the calling container's stores, board and CoAP
 * packet in the {@link RunFrame} of the run. Arguments are r1 to r5 in the order of the C prototypes in
 * {@code femto4j.h}; every guest pointer goes through the {@link HelperContext}, which faults the run on a bad
 * address or permission. Helpers that write a result through a pointer check that pointer before they change
 * anything else (a store, a device).
 */
public final class StandardHelpers {
    /** Most bytes one {@code bpf_memcpy} copies: a host buffer of that size is allocated per call. */
    public static final int MAX_COPY = 1 << 20;
    /** Longest string {@code bpf_strlen} measures. */
    public static final int MAX_STRLEN = 4096;
    /** SAUL device handles the guest sees: this plus the registry position. Never a mapped address. */
    public static final long SAUL_HANDLE_BASE = 0x5a0_0000_0000L;
    /** errno values returned to guests, negated. */
    static final long ENODEV = -19;
    static final long EIO = -5;

    private StandardHelpers() {
    }

    /** The table, for a runtime that maps each run's CoAP response buffer at {@code coapBufferAddress}. */
    public static HelperTable table(long coapBufferAddress) {
        HelperTable.Builder b = HelperTable.builder();
        b.register(HelperNumbers.PRINTF, "bpf_printf", (ctx, r1, r2, r3, r4, r5) -> {
            String text = Printf.format(ctx, r1, new long[] {r2, r3, r4, r5});
            return RunFrame.current().print(text); // characters kept, as printf returns what it printed
        });
        b.register(HelperNumbers.MEMCPY, "bpf_memcpy", StandardHelpers::memcpy);
        store(b, HelperNumbers.STORE_LOCAL, "bpf_store_local", Scope.LOCAL);
        store(b, HelperNumbers.STORE_GLOBAL, "bpf_store_global", Scope.GLOBAL);
        store(b, HelperNumbers.STORE_TENANT, "bpf_store_tenant", Scope.TENANT);
        fetch(b, HelperNumbers.FETCH_LOCAL, "bpf_fetch_local", Scope.LOCAL);
        fetch(b, HelperNumbers.FETCH_GLOBAL, "bpf_fetch_global", Scope.GLOBAL);
        fetch(b, HelperNumbers.FETCH_TENANT, "bpf_fetch_tenant", Scope.TENANT);
        add(b, HelperNumbers.ADD_LOCAL, "bpf_add_local", Scope.LOCAL);
        add(b, HelperNumbers.ADD_TENANT, "bpf_add_tenant", Scope.TENANT);
        add(b, HelperNumbers.ADD_GLOBAL, "bpf_add_global", Scope.GLOBAL);
        cmpxchg(b, HelperNumbers.CMPXCHG_LOCAL, "bpf_cmpxchg_local", Scope.LOCAL);
        cmpxchg(b, HelperNumbers.CMPXCHG_TENANT, "bpf_cmpxchg_tenant", Scope.TENANT);
        cmpxchg(b, HelperNumbers.CMPXCHG_GLOBAL, "bpf_cmpxchg_global", Scope.GLOBAL);
        b.register(HelperNumbers.NOW_MS, "bpf_now_ms",
                (ctx, r1, r2, r3, r4, r5) -> (RunFrame.current().board.clock().monotonicMicros() / 1000) & 0xffffffffL);
        b.register(HelperNumbers.ZTIMER_NOW, "bpf_ztimer_now",
                (ctx, r1, r2, r3, r4, r5) -> RunFrame.current().board.clock().monotonicMicros() & 0xffffffffL);
        b.register(HelperNumbers.ZTIMER_PERIODIC_WAKEUP, "bpf_ztimer_periodic_wakeup", (ctx, r1, r2, r3, r4, r5) -> {
            // Blocking a hook's thread would stall the event source (a scheduler switch, a CoAP server):
            // runs here always come from hooks, so it is refused. Containers use the timer hook instead.
            throw new HelperFault("bpf_ztimer_periodic_wakeup blocks and is refused in hooks; use the timer hook");
        });
        b.register(HelperNumbers.SAUL_REG_FIND_NTH, "bpf_saul_reg_find_nth", (ctx, r1, r2, r3, r4, r5) -> {
            int pos = (int) r1; // an int argument: the low 32 bits
            return pos >= 0 && pos < devices().size() ? SAUL_HANDLE_BASE + pos : 0;
        });
        b.register(HelperNumbers.SAUL_REG_FIND_TYPE, "bpf_saul_reg_find_type", (ctx, r1, r2, r3, r4, r5) -> {
            int pos = RunFrame.current().board.saul().findType((int) (r1 & 0xff));
            return pos < 0 ? 0 : SAUL_HANDLE_BASE + pos;
        });
        b.register(HelperNumbers.SAUL_REG_READ, "bpf_saul_reg_read", (ctx, r1, r2, r3, r4, r5) -> {
            SaulDevice dev = device(r1);
            if (dev == null) {
                return ENODEV;
            }
            GuestStrings.probeWritable(ctx, r2, Phydat.SIZE);
            Optional<Phydat> value = dev.read();
            if (value.isEmpty()) {
                return EIO;
            }
            ctx.write(r2, value.get().encode());
            return value.get().dims();
        });
        b.register(HelperNumbers.SAUL_REG_WRITE, "bpf_saul_reg_write", (ctx, r1, r2, r3, r4, r5) -> {
            SaulDevice dev = device(r1);
            if (dev == null) {
                return ENODEV;
            }
            byte[] raw = ctx.read(r2, Phydat.SIZE);
            int dims = 0;
            for (int i = 0; i < 3; i++) {
                if (raw[2 * i] != 0 || raw[2 * i + 1] != 0) {
                    dims = i + 1; // trailing zero values are unused, as RIOT's phydat dimension count
                }
            }
            return dev.write(Phydat.decode(raw, Math.max(1, dims)));
        });
        b.register(HelperNumbers.GCOAP_RESP_INIT, "bpf_gcoap_resp_init",
                (ctx, r1, r2, r3, r4, r5) -> coap(r1).respInit((int) Math.min(Math.max(r2, -1), 0x100)));
        b.register(HelperNumbers.COAP_ADD_FORMAT, "bpf_coap_add_format",
                (ctx, r1, r2, r3, r4, r5) -> coap(r1).addFormat((int) Math.min(Math.max(r2, -1), 0x10000)));
        b.register(HelperNumbers.COAP_OPT_FINISH, "bpf_coap_opt_finish",
                (ctx, r1, r2, r3, r4, r5) -> coap(r1).optFinish((int) r2));
        b.register(HelperNumbers.COAP_GET_PDU, "bpf_coap_get_pdu", (ctx, r1, r2, r3, r4, r5) -> {
            int at = coap(r1).payloadOffset();
            return at < 0 ? 0 : coapBufferAddress + at;
        });
        b.register(HelperNumbers.FMT_S16_DFP, "bpf_fmt_s16_dfp", (ctx, r1, r2, r3, r4, r5) -> {
            // an int argument: clang passes it in a 32-bit subregister, so only the low 32 bits count
            int digits = (int) r3;
            if (digits < -7 || digits > 7) {
                throw new HelperFault("fp_digits must be -7 to 7: " + digits);
            }
            return writeText(ctx, r1, Fmt.s16Dfp((short) r2, digits));
        });
        b.register(HelperNumbers.FMT_U32_DEC, "bpf_fmt_u32_dec",
                (ctx, r1, r2, r3, r4, r5) -> writeText(ctx, r1, Fmt.u32Dec(r2)));
        b.register(HelperNumbers.STRLEN, "bpf_strlen",
                (ctx, r1, r2, r3, r4, r5) -> GuestStrings.length(ctx, r1, MAX_STRLEN, "bpf_strlen string"));
        return b.build();
    }

    private static long memcpy(HelperContext ctx, long dest, long src, long n, long r4, long r5) throws HelperFault {
        if (n == 0) {
            return dest;
        }
        if (n < 0 || n > MAX_COPY) {
            // Bounded before HelperContext.read allocates n bytes; no region is larger anyway.
            throw new HelperFault("bpf_memcpy of " + Long.toUnsignedString(n) + " bytes; at most " + MAX_COPY);
        }
        if (Long.compareUnsigned(dest - src, n) < 0 || Long.compareUnsigned(src - dest, n) < 0) {
            throw new HelperFault("bpf_memcpy ranges overlap (dest 0x" + Long.toHexString(dest) + ", src 0x"
                    + Long.toHexString(src) + ", " + n + " bytes); C's memcpy does not allow it");
        }
        // read checks src for reading, write checks all of dest for writing before copying a byte
        ctx.write(dest, ctx.read(src, (int) n));
        return dest;
    }

    /** Writes RIOT fmt output to out, unless out is NULL (then only the length is returned, as RIOT does). */
    private static long writeText(HelperContext ctx, long out, String text) throws HelperFault {
        if (out != 0) {
            ctx.write(out, Printf.ascii(text));
        }
        return text.length();
    }

    private static KeyValueStore store(Scope scope) throws HelperFault {
        return RunFrame.current().stores.store(scope);
    }

    private static void store(HelperTable.Builder b, int number, String name, Scope scope) {
        b.register(number, name, (ctx, r1, r2, r3, r4, r5) -> store(scope).store((int) r1, (int) r2));
    }

    private static void fetch(HelperTable.Builder b, int number, String name, Scope scope) {
        b.register(number, name, (ctx, r1, r2, r3, r4, r5) -> {
            GuestStrings.probeWritable(ctx, r2, 4);
            long value = store(scope).fetch((int) r1);
            if (value < 0) {
                return value;
            }
            ctx.writeInt(r2, 4, value);
            return 0;
        });
    }

    private static void add(HelperTable.Builder b, int number, String name, Scope scope) {
        b.register(number, name, (ctx, r1, r2, r3, r4, r5) -> {
            if (r3 != 0) {
                GuestStrings.probeWritable(ctx, r3, 4); // before the add: a bad pointer changes nothing
            }
            long value = store(scope).addAndGet((int) r1, (int) r2);
            if (value < 0) {
                return value;
            }
            if (r3 != 0) {
                ctx.writeInt(r3, 4, value);
            }
            return 0;
        });
    }

    private static void cmpxchg(HelperTable.Builder b, int number, String name, Scope scope) {
        b.register(number, name, (ctx, r1, r2, r3, r4, r5) -> {
            if (r4 != 0) {
                GuestStrings.probeWritable(ctx, r4, 4);
            }
            long before = store(scope).compareAndExchange((int) r1, (int) r2, (int) r3);
            if (before < 0) {
                return before;
            }
            if (r4 != 0) {
                ctx.writeInt(r4, 4, before);
            }
            return 0;
        });
    }

    private static List<SaulDevice> devices() throws HelperFault {
        return RunFrame.current().board.saul().devices();
    }

    /** The device behind a guest handle, or null for a handle no find helper could have returned. */
    private static SaulDevice device(long handle) throws HelperFault {
        List<SaulDevice> all = devices();
        long pos = handle - SAUL_HANDLE_BASE;
        return pos >= 0 && pos < all.size() ? all.get((int) pos) : null;
    }

    /** The run's CoAP packet; the guest must pass its hook context, as upstream's helpers take it. */
    private static CoapPacket coap(long ctxPointer) throws HelperFault {
        RunFrame f = RunFrame.current();
        if (f.coap == null) {
            throw new HelperFault("no CoAP request in this run: the CoAP helpers work only on the CoAP hook");
        }
        if (ctxPointer != f.contextAddress) {
            throw new HelperFault("ctx 0x" + Long.toHexString(ctxPointer) + " is not the CoAP hook's context 0x"
                    + Long.toHexString(f.contextAddress));
        }
        return f.coap;
    }
}
