package io.femto4j.jit;

import io.femto4j.vm.HelperFault;
import io.femto4j.vm.HelperTable;

/** The conformance suite's helpers 0 to 5 (see its README), plus a few that fail, throw or read memory. */
final class TestHelpers {
    private TestHelpers() {
    }

    static HelperTable suite() {
        return builder().build();
    }

    /** Suite helpers plus 6 (throws), 7 (fails), 9 (reads memory); 8 is left unregistered. */
    static HelperTable extended() {
        return builder()
                .register(6, "throws", (c, a, b, d, e, f) -> {
                    throw new IllegalStateException("host bug");
                })
                .register(7, "fails", (c, a, b, d, e, f) -> {
                    throw new HelperFault("refused");
                })
                .register(9, "peek", (c, a, b, d, e, f) -> c.readInt(a, 8) + c.readInt(b, 1))
                .build();
    }

    private static HelperTable.Builder builder() {
        return HelperTable.builder()
                .register(0, "gather_bytes", (c, a, b, d, e, f) ->
                        (a & 0xff) << 32 | (b & 0xff) << 24 | (d & 0xff) << 16 | (e & 0xff) << 8 | (f & 0xff))
                .register(1, "memfrob", (c, ptr, len, x, y, z) -> {
                    byte[] bytes = c.read(ptr, (int) len);
                    for (int i = 0; i < bytes.length; i++) {
                        bytes[i] ^= 42;
                    }
                    c.write(ptr, bytes);
                    return 0;
                })
                .register(2, "no_op", (c, a, b, d, e, f) -> 0)
                .register(3, "sqrti", (c, x, b, d, e, f) -> sqrt(x))
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

    /** Floor of the square root of x as an unsigned value, by bisection. */
    private static long sqrt(long x) {
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
