package io.femto4j.vm;

/**
 * The conformance suite's helpers 0 to 5 (see the suite's README), for the tests of the VM and of other engines
 * (published in this module's test-jar). The CLI has the product version (io.femto4j.cli.ConformanceHelpers); the
 * VM module cannot depend on it, and the VM itself ships no helpers on purpose.
 */
public final class SuiteHelpers {
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
