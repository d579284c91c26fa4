package io.femto4j.jit;

import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.vm.Engine;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;
import io.femto4j.vm.Vm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@link Engine} promises, checked for one program: run on the interpreter and on other engines over equal
 * fresh memory, every engine gives the same {@link Outcome} (a record: the same r0, or the same fault record, that
 * is type, instruction index and details; the same instruction count), leaves the same bytes in every region and
 * section, and throws nothing. Shared by {@link DifferentialTest} (jqwik) and {@link DifferentialFuzzTest} (Jazzer).
 */
final class EngineAgreement {

    /**
     * What runs get. Every call of a supplier must return fresh arrays with the same contents: {@code memory} is
     * called once per run, {@code sections} once per engine (sections live as long as the loaded program).
     */
    record Setup(Supplier<Memory> memory, Supplier<Sections> sections) {
    }

    /** Loads a program into one kind of engine. */
    interface Loader {
        Engine load(VerifiedProgram program, HelperTable helpers, Sections sections);
    }

    /** The reference every other engine is compared with. */
    static final Loader INTERPRETER = Vm::load;
    static final Loader COMPILER = Jit::load;
    /** Interprets the first run and compiles for the second, so two runs cross the switch. */
    static final Loader TIERED = (program, helpers, sections) -> Jit.tiered(program, helpers, sections, 1);

    /** The interpreter's outcome of every run, and the engines compared with it (for statistics). */
    record Result(List<Outcome> outcomes, List<Engine> engines) {
    }

    /** One run: its outcome and copies of every region's and section's bytes afterwards. */
    private record Trace(Outcome outcome, List<byte[]> bytes) {
    }

    private EngineAgreement() {
    }

    /**
     * Runs {@code program} {@code runs} times on the interpreter and on each of {@code engines} (each engine with
     * its own sections, each run with fresh memory) and asserts that run i of every engine agrees with run i of the
     * interpreter. {@code what} describes the case in failure messages.
     */
    static Result assertAgree(VerifiedProgram program, HelperTable helpers, Setup setup, long r1, long r2,
                              long budget, int runs, Supplier<String> what, Loader... engines) {
        List<Trace> expected = new ArrayList<>(runs);
        Engine reference = trace(INTERPRETER, program, helpers, setup, r1, r2, budget, runs, what, expected);
        List<Engine> loaded = new ArrayList<>(engines.length);
        for (Loader loader : engines) {
            List<Trace> actual = new ArrayList<>(runs);
            Engine engine = trace(loader, program, helpers, setup, r1, r2, budget, runs, what, actual);
            loaded.add(engine);
            for (int run = 0; run < runs; run++) {
                String where = engine.description() + " against " + reference.description() + ", run " + (run + 1)
                        + " of " + runs + "\n" + what.get();
                assertEquals(expected.get(run).outcome(), actual.get(run).outcome(), where);
                List<byte[]> want = expected.get(run).bytes();
                List<byte[]> got = actual.get(run).bytes();
                assertEquals(want.size(), got.size(), where);
                for (int i = 0; i < want.size(); i++) {
                    assertArrayEquals(want.get(i), got.get(i), "memory array " + i + " afterwards: " + where);
                }
            }
        }
        return new Result(expected.stream().map(Trace::outcome).toList(), loaded);
    }

    private static Engine trace(Loader loader, VerifiedProgram program, HelperTable helpers, Setup setup, long r1,
                                long r2, long budget, int runs, Supplier<String> what, List<Trace> into) {
        Sections sections = setup.sections().get();
        Engine engine;
        try {
            engine = loader.load(program, helpers, sections);
        } catch (RuntimeException | Error e) {
            throw new AssertionError("loading threw " + e + "\n" + what.get(), e);
        }
        for (int run = 0; run < runs; run++) {
            Memory memory = setup.memory().get();
            Outcome outcome;
            try {
                outcome = engine.run(memory, r1, r2, budget);
            } catch (RuntimeException | Error e) {
                // Only a typed outcome may leave a run: an exception here is a host crash in production.
                throw new AssertionError(engine.description() + " threw " + e + " on run " + (run + 1) + "\n"
                        + what.get(), e);
            }
            if (outcome == null) {
                throw new AssertionError(engine.description() + " returned no outcome\n" + what.get());
            }
            List<byte[]> bytes = new ArrayList<>();
            for (Region r : memory.regions()) {
                bytes.add(r.bytes().clone());
            }
            for (Region r : new Region[] {sections.data(), sections.rodata()}) {
                bytes.add(r == null ? null : r.bytes().clone());
            }
            into.add(new Trace(outcome, bytes));
        }
        return engine;
    }
}
