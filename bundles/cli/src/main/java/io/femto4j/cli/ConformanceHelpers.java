package io.femto4j.cli;

import io.femto4j.vm.HelperTable;

/**
 * The helpers the bpf_conformance suite expects, numbers 0 to 5 (see its README). Registered only in plugin mode:
 * they are test fixtures of that suite, not helpers a real femto-container should get.
 */
public final class ConformanceHelpers {
    /** The highest helper number the suite uses. */
    public static final int LAST = 5;

    private ConformanceHelpers() {
    }

    public static HelperTable table() {
        return HelperTable.builder()
                // gather_bytes(a, b, c, d, e): the low bytes of the five arguments, a highest.
                .register(0, "gather_bytes", (ctx, a, b, c, d, e) ->
                        (a & 0xff) << 32 | (b & 0xff) << 24 | (c & 0xff) << 16 | (d & 0xff) << 8 | (e & 0xff))
                // memfrob(ptr, len): XOR each byte with 42, in place.
                .register(1, "memfrob", (ctx, ptr, len, c, d, e) -> {
                    if (len < 0 || len > Integer.MAX_VALUE) {
                        throw new io.femto4j.vm.HelperFault("length " + len + " out of range");
                    }
                    byte[] bytes = ctx.read(ptr, (int) len);
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] ^= 42;
                    }
                    ctx.write(ptr, bytes);
                    return 0;
                })
                .register(2, "no_op", (ctx, a, b, c, d, e) -> 0)
                // sqrti(x): integer square root of x, read as unsigned.
                .register(3, "sqrti", (ctx, x, b, c, d, e) -> sqrt(x))
                // strcmp(a, b) of two NUL-terminated guest strings: difference of the first differing bytes.
                .register(4, "strcmp", (ctx, a, b, c, d, e) -> {
                    for (long i = 0; ; i++) {
                        int x = (int) ctx.readInt(a + i, 1);
                        int y = (int) ctx.readInt(b + i, 1);
                        if (x != y || x == 0) {
                            return x - y;
                        }
                    }
                })
                // unwind(x): returns x; when x is 0 the program stops at once with r0 = 0.
                .register(5, "unwind", (ctx, x, b, c, d, e) -> {
                    if (x == 0) {
                        ctx.stop(0);
                    }
                    return x;
                })
                .build();
    }

    /** Floor of the square root of {@code x} read as an unsigned 64-bit value. */
    static long sqrt(long x) {
        long lo = 0;
        long hi = 0xffffffffL;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (Long.compareUnsigned(mid * mid, x) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
