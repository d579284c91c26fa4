package io.femto4j.vm.security;

import io.femto4j.vm.security.IsolationHarness.Layout;

import java.util.Arrays;
import java.util.List;

/**
 * The fuzz tests' input format, shared by the interpreter's {@code DecodeVerifyRunFuzzTest} and the compiler's
 * {@code DifferentialFuzzTest} (bundles/jit, through this bundle's test-jar) so that a seed of one is a seed of the
 * other. Byte 0 picks the layout, byte 1 the budget, byte 2 the initial r1 (a region or stack edge), the rest is
 * the bytecode; {@code seed} fills the regions.
 */
public record FuzzInput(Layout layout, long budget, long r1, byte[] code, long seed) {
    /** Small budgets stop runs inside loops and calls; 1000 lets most programs finish. */
    static final long[] BUDGETS = {1, 2, 3, 8, 64, 1000};

    /** The r2 every fuzz run starts with. */
    public static final long R2 = 64;

    /** The input decoded, or null when it is shorter than its three-byte header. */
    public static FuzzInput parse(byte[] input) {
        if (input.length < 3) {
            return null;
        }
        List<Layout> layouts = IsolationHarness.LAYOUTS;
        Layout layout = layouts.get((input[0] & 0xff) % layouts.size());
        long budget = BUDGETS[(input[1] & 0xff) % BUDGETS.length];
        long[] edges = layout.edges(IsolationHarness.POLICY.frameSize(), IsolationHarness.POLICY.stackSize());
        long r1 = edges[(input[2] & 0xff) % edges.length];
        return new FuzzInput(layout, budget, r1, Arrays.copyOfRange(input, 3, input.length), Arrays.hashCode(input));
    }

    @Override
    public String toString() {
        return IsolationHarness.describe(code, layout, r1, R2, budget, seed);
    }
}
