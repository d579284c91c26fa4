package io.femto4j.vm.security;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.femto4j.isa.DecodeException;
import io.femto4j.isa.Decoder;
import io.femto4j.vm.security.IsolationHarness.Layout;

import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the whole pipeline a hostile tenant reaches: raw bytes are decoded, verified, and
 * when accepted run on a boundary memory layout with the same checks as the other security tests (no exception,
 * an outcome within budget, canaries intact, memory and outcome equal to the reference interpreter's).
 *
 * <p>Input format, so that seed files stay readable: byte 0 picks the layout, byte 1 the budget, byte 2 the
 * initial r1 (a region edge), the rest is the bytecode.
 *
 * <p>In a normal build ({@code mvn verify}) Jazzer runs in regression mode: the method runs once per file under
 * {@code DecodeVerifyRunFuzzTestInputs/decodeVerifyRun/} in the test resources (the seed corpus plus every crash
 * reproducer found so far). With {@code JAZZER_FUZZ=1} (Maven profile {@code fuzz}) it fuzzes for
 * {@code maxDuration} and writes any crashing input into that directory, where it then stays as a regression
 * test.
 */
class DecodeVerifyRunFuzzTest {
    static final long[] BUDGETS = {1, 2, 3, 8, 64, 1000};

    @FuzzTest(maxDuration = "2m")
    void decodeVerifyRun(byte[] input) {
        if (input.length < 3) {
            return;
        }
        List<Layout> layouts = IsolationHarness.LAYOUTS;
        Layout layout = layouts.get((input[0] & 0xff) % layouts.size());
        long budget = BUDGETS[(input[1] & 0xff) % BUDGETS.length];
        long[] edges = layout.edges(IsolationHarness.POLICY.frameSize(), IsolationHarness.POLICY.stackSize());
        long r1 = edges[(input[2] & 0xff) % edges.length];
        byte[] code = Arrays.copyOfRange(input, 3, input.length);
        try {
            // The decoder must fail only with its own checked exception, whatever the bytes.
            Decoder.lenient().decode(code);
        } catch (DecodeException expected) {
            // malformed bytes still go to the verifier, which must reject or contain them
        }
        IsolationHarness.check(code, layout, r1, 64, budget, Arrays.hashCode(input));
    }
}
