package io.femto4j.jit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;
import io.femto4j.vm.security.FuzzInput;
import io.femto4j.vm.security.IsolationHarness;

import java.util.SplittableRandom;

/**
 * Coverage-guided differential fuzzing of the compiler: raw bytes are verified and, when accepted, run on the
 * interpreter, on the compiled engine ({@link Jit#load}) and on the tiered engine (its first run interpreted, its
 * second compiled), twice each over the same fresh memory; {@link EngineAgreement} asserts the same outcome, the
 * same memory afterwards and that no engine throws.
 *
 * <p>The input format, boundary memory layouts and test helpers are those of the interpreter's
 * {@code DecodeVerifyRunFuzzTest} (vm's test-jar: {@link FuzzInput}, {@link IsolationHarness}), so seeds of one
 * work for the other. Runs also get a {@code .data} and a {@code .rodata} section (reachable with opcodes 0xB8 and
 * 0xD8) whose bytes persist from the first run to the second, as a loaded program's do.
 *
 * <p>{@code mvn verify} replays the seed corpus under {@code DifferentialFuzzTestInputs/interpreterAndCompilerAgree/}
 * in the test resources; with {@code JAZZER_FUZZ=1} (Maven profile {@code fuzz}) Jazzer fuzzes for
 * {@code maxDuration} and writes a crashing input into that directory, where it stays as a regression test.
 */
class DifferentialFuzzTest {
    static final long RODATA = 0x2000_0000L;
    static final long DATA = 0x3000_0000L;

    @FuzzTest(maxDuration = "2m")
    void interpreterAndCompilerAgree(byte[] input) {
        FuzzInput in = FuzzInput.parse(input);
        if (in == null) {
            return;
        }
        if (!(Verifier.verify(in.code(), IsolationHarness.POLICY) instanceof Verification.Accepted accepted)) {
            return;
        }
        byte[][] contents = IsolationHarness.contents(in.layout(), in.seed());
        SplittableRandom rnd = new SplittableRandom(~in.seed());
        byte[] data = new byte[32];
        byte[] rodata = new byte[16];
        rnd.nextBytes(data);
        rnd.nextBytes(rodata);
        EngineAgreement.Setup setup = new EngineAgreement.Setup(
                () -> IsolationHarness.memory(IsolationHarness.regions(in.layout(), contents)),
                () -> new Sections(Region.writable(".data", DATA, data.clone()),
                        Region.readOnly(".rodata", RODATA, rodata.clone())));
        EngineAgreement.assertAgree(accepted.program(), IsolationHarness.HELPERS, setup, in.r1(), FuzzInput.R2,
                in.budget(), 2, in::toString, EngineAgreement.COMPILER, EngineAgreement.TIERED);
    }
}
