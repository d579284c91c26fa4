package io.femto4j.vm.security;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.femto4j.isa.DecodeException;
import io.femto4j.isa.Decoder;

/**
 * Coverage-guided fuzzing of the whole pipeline a hostile tenant reaches: raw bytes are decoded, verified, and
 * when accepted run on a boundary memory layout with the same checks as the other security tests (no exception,
 * an outcome within budget, canaries intact, memory and outcome equal to the reference interpreter's).
 *
 * <p>Input format ({@link FuzzInput}), so that seed files stay readable: byte 0 picks the layout, byte 1 the
 * budget, byte 2 the initial r1 (a region edge), the rest is the bytecode.
 *
 * <p>In a normal build ({@code mvn verify}) Jazzer runs in regression mode: the method runs once per file under
 * {@code DecodeVerifyRunFuzzTestInputs/decodeVerifyRun/} in the test resources (the seed corpus plus every crash
 * reproducer found so far). With {@code JAZZER_FUZZ=1} (Maven profile {@code fuzz}) it fuzzes for
 * {@code maxDuration} and writes any crashing input into that directory, where it then stays as a regression
 * test.
 */
class DecodeVerifyRunFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void decodeVerifyRun(byte[] input) {
        FuzzInput in = FuzzInput.parse(input);
        if (in == null) {
            return;
        }
        try {
            // The decoder must fail only with its own checked exception, whatever the bytes.
            Decoder.lenient().decode(in.code());
        } catch (DecodeException expected) {
            // malformed bytes still go to the verifier, which must reject or contain them
        }
        IsolationHarness.check(in.code(), in.layout(), in.r1(), FuzzInput.R2, in.budget(), in.seed());
    }
}
