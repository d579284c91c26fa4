package io.femto4j.vm.conformance;

import io.femto4j.vm.HelperFault;
import io.femto4j.vm.HelperTable;

/**
 * The helpers the bpf_conformance suite expects, numbers 0 to 5 (see its README): for the CLI's plugin mode and the
 * engines' tests. They are test fixtures of that suite, not helpers a femto-container gets: this package is not
 * exported from the bundle, and no runtime registers them.
 */
public final class SuiteHelpers {
    /** The highest helper number the suite uses. */
    public static final int LAST = 5;

    private SuiteHelpers() {
    }

    public static HelperTable table() {
        return builder().build();
    }

    /** The suite's helpers, for a test that registers more. */
    public static HelperTable.Builder builder() {
        return HelperTable.builder()
                .register(0, "gather_bytes", (c, a, b, d, e, f) ->
                        (a & 0xff) << 32 | (b & 0xff) << 24 | (d & 0xff) << 16 | (e & 0xff) << 8 | (f & 0xff))
                .register(1, "memfrob", (c, ptr, len, x, y, z) -> {
                    if (len < 0 || len > Integer.MAX_VALUE) {
                        throw new HelperFault("length " + len + " out of range");
                    }
                    byte[] bytes = c.read(ptr, (int) len);
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] ^= 42;
                    }
                    c.write(ptr, bytes);
                    return 0;
                })
                .register(2, "no_op", (c, a, b, d, e, f) -> 0)
                .register(3, "sqrti", (c, x, b, d, e, f) -> isqrt(x))
                .register(4, "strcmp", (c, a, b, d, e, f) -> {
                    for (long i = 0; ; i++) {
                        int x = (int) c.readInt(a + i, 1);
                        int y = (int) c.readInt(b + i, 1);
                        if (x != y || x == 0) {
                            return x - y;
                        }
                    }
                })
                .register(5, "unwind", (c, x, b, d, e, f) -> {
                    if (x == 0) {
                        c.stop(0);
                    }
                    return x;
                });
    }

    /** Floor of the square root of x read as unsigned. */
    static long isqrt(long x) {
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
