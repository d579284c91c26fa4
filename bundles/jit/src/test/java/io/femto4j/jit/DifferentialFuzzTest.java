package io.femto4j.jit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Engine;
import io.femto4j.vm.Fault;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;
import io.femto4j.vm.security.FuzzInput;
import io.femto4j.vm.security.IsolationHarness;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Coverage-guided differential fuzzing of the compiler: raw bytes are verified and, when accepted, run on the
 * interpreter, on the compiled engine ({@link Jit#load}) and on the tiered engine (its first run interpreted, its
 * second compiled), twice each over the same fresh memory; {@link EngineAgreement} asserts the same outcome, the
 * same memory afterwards and that no engine throws. A verified program must also never fault with
 * {@link Fault.InvalidInstruction}, which only a verifier bug lets it reach.
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

    /** How many inputs got how far, printed after the test so that a session's figures can be reported. */
    private static long inputs, accepted, compiled, faulted;
    /** Why accepted programs were not compiled, numbers blanked, and how often; at most 50 distinct reasons kept. */
    private static final Map<String, Long> FALLBACKS = new TreeMap<>();

    @FuzzTest(maxDuration = "2m")
    void interpreterAndCompilerAgree(byte[] input) {
        inputs++;
        FuzzInput in = FuzzInput.parse(input);
        if (in == null) {
            return;
        }
        if (!(Verifier.verify(in.code(), IsolationHarness.POLICY) instanceof Verification.Accepted accepted)) {
            return;
        }
        DifferentialFuzzTest.accepted++;
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
        EngineAgreement.Result result = EngineAgreement.assertAgree(accepted.program(), IsolationHarness.HELPERS,
                setup, in.r1(), FuzzInput.R2, in.budget(), 2, in::toString, EngineAgreement.COMPILER,
                EngineAgreement.TIERED);
        for (Outcome outcome : result.outcomes()) {
            // The VM's own promise: only a verifier bug lets a verified program reach an instruction it refuses.
            if (outcome instanceof Outcome.Faulted f && f.fault() instanceof Fault.InvalidInstruction) {
                throw new AssertionError("a verified program met " + f + "\n" + in);
            }
        }
        Engine engine = result.engines().get(0);
        if (engine.kind() == Engine.Kind.COMPILER) {
            compiled++;
        } else if (FALLBACKS.size() < 50 || FALLBACKS.containsKey(reason(engine))) {
            FALLBACKS.merge(reason(engine), 1L, Long::sum);
        }
        if (result.outcomes().get(0) instanceof Outcome.Faulted) {
            faulted++;
        }
    }

    @AfterAll
    static void report() {
        System.out.printf("differential fuzz: %d inputs, %d accepted by the verifier, %d of them compiled (the rest"
                + " fell back to the interpreter), %d faulted on the first run%n", inputs, accepted, compiled, faulted);
        FALLBACKS.forEach((reason, count) -> System.out.printf("  not compiled %d times: %s%n", count, reason));
    }

    private static String reason(Engine engine) {
        return engine.description().replaceAll("[0-9]+", "N");
    }
}
