package io.femto4j.benchmarks;

import io.femto4j.vm.Engine;
import io.femto4j.jit.Jit;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Vm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The Femto-Containers paper's workload: Fletcher-32 over the 360-byte test vector
 * ({@code sdk/examples/fletcher32-input.txt}), expected checksum 0x5bac8c3d.
 *
 * <p>{@link #plainJava()} is the baseline: the same algorithm as {@code sdk/examples/fletcher32.c}, in Java.
 * {@link #interpreter()} runs {@code sdk/examples/fletcher32.bin} on the femto4j VM; {@link #jit()} runs it
 * compiled to JVM bytecode by io.femto4j.jit.
 *
 * <p>JVM peers (issue 7), each checked in set-up to give 0x5bac8c3d: {@link #chicoryInterpreter()} and
 * {@link #chicoryCompiled()} run the same C function compiled to wasm32 ({@code benchmarks/wasm/fletcher32.wasm})
 * on Chicory's interpreter and its compiler to JVM bytecode; {@link #rhinoInterpreted()} and
 * {@link #rhinoCompiled()} run Fletcher-32 written in JavaScript on Rhino; {@link #jython()} runs it written in
 * Python on Jython.
 *
 * <p>Defaults: 3 forks, each of 5 warm-up and 5 measured iterations of 1 s (after 3 warm-up seconds the JIT
 * is still settling). Override them on the command line, e.g.
 * {@code java -jar benchmarks/target/benchmarks.jar Fletcher32Benchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(3)
public class Fletcher32Benchmark {

    /** The input; a field read on every call, so the JIT cannot fold the checksum to a constant. */
    private byte[] input;

    @Setup(Level.Trial)
    public void setUpPlainJava() {
        input = Examples.fletcher32Input();
        int checksum = Fletcher32.checksum(input);
        if (checksum != Examples.FLETCHER32_EXPECTED) {
            throw new IllegalStateException(String.format(
                    "plain-Java Fletcher-32 of the %d-byte input is 0x%08x, expected 0x%08x: refusing to benchmark",
                    input.length, checksum, Examples.FLETCHER32_EXPECTED));
        }
    }

    @Benchmark
    public int plainJava() {
        return Fletcher32.checksum(input);
    }

    /** Where the input region starts in the VM's address space (2-byte aligned, as fletcher32.c requires). */
    private static final long INPUT_ADDRESS = 0x1000_0000L;

    /** Run budget: far above the 1471 instructions fletcher32.bin executes on the 360-byte input. */
    private static final long BUDGET = 100_000;

    private Vm vm;
    private Engine compiled;
    private Memory memory;
    private long inputLength;

    @Setup(Level.Trial)
    public void setUpInterpreter() throws Exception {
        byte[] code = Examples.fletcher32Program();
        byte[] data = Examples.fletcher32Input();
        VerifiedProgram program = Verifier.verify(code, Policy.permissive(h -> false)).orThrow();
        vm = Vm.load(program, HelperTable.empty());
        compiled = Jit.load(program, HelperTable.empty());
        if (compiled.kind() != Engine.Kind.COMPILER) {
            throw new IllegalStateException("fletcher32.bin was not compiled: " + compiled.description());
        }
        memory = Memory.of(new Region("input", INPUT_ADDRESS, data, false));
        inputLength = data.length;
        long expected = Examples.FLETCHER32_EXPECTED & 0xffff_ffffL;
        for (Outcome outcome : new Outcome[] {vm.run(memory, INPUT_ADDRESS, inputLength, BUDGET),
                compiled.run(memory, INPUT_ADDRESS, inputLength, BUDGET)}) {
            if (!(outcome instanceof Outcome.Returned returned) || returned.r0() != expected) {
                throw new IllegalStateException(String.format(
                        "fletcher32.bin gave %s, expected r0 = 0x%08x: refusing to benchmark", outcome, expected));
            }
        }
    }

    @Benchmark
    public long interpreter() {
        return r0(vm.run(memory, INPUT_ADDRESS, inputLength, BUDGET));
    }

    @Benchmark
    public long jit() {
        return r0(compiled.run(memory, INPUT_ADDRESS, inputLength, BUDGET));
    }

    private static long r0(Outcome outcome) {
        if (outcome instanceof Outcome.Returned returned) {
            return returned.r0();
        }
        throw new IllegalStateException("fletcher32.bin faulted: " + outcome);
    }

    /** Chicory on the wasm32 build; a state of its own, so other benchmarks do not load it. */
    @State(Scope.Thread)
    public static class Chicory {
        ChicoryFletcher32 interpreter;
        ChicoryFletcher32 compiled;

        @Setup(Level.Trial)
        public void setUp() {
            byte[] wasm = ChicoryFletcher32.wasm();
            byte[] data = Examples.fletcher32Input();
            interpreter = ChicoryFletcher32.load(wasm, data, false);
            compiled = ChicoryFletcher32.load(wasm, data, true);
            check("Chicory interpreter", interpreter.checksum());
            check("Chicory compiled", compiled.checksum());
        }
    }

    @Benchmark
    public int chicoryInterpreter(Chicory chicory) {
        return chicory.interpreter.checksum();
    }

    @Benchmark
    public int chicoryCompiled(Chicory chicory) {
        return chicory.compiled.checksum();
    }

    /**
     * Rhino on fletcher32.js. Its contexts belong to a thread: JMH runs the trial set-up and tear-down of a
     * thread-scoped state on the benchmark thread.
     */
    @State(Scope.Thread)
    public static class Rhino {
        RhinoFletcher32 interpreted;
        RhinoFletcher32 compiled;

        @Setup(Level.Trial)
        public void setUp() {
            String source = RhinoFletcher32.source();
            byte[] data = Examples.fletcher32Input();
            interpreted = RhinoFletcher32.load(source, data, false);
            compiled = RhinoFletcher32.load(source, data, true);
            check("Rhino interpreted", interpreted.checksum());
            check("Rhino compiled", compiled.checksum());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            compiled.close();
            interpreted.close();
        }
    }

    @Benchmark
    public int rhinoInterpreted(Rhino rhino) {
        return rhino.interpreted.checksum();
    }

    @Benchmark
    public int rhinoCompiled(Rhino rhino) {
        return rhino.compiled.checksum();
    }

    /** Jython on the Python version. */
    @State(Scope.Thread)
    public static class Jython {
        JythonFletcher32 jython;

        @Setup(Level.Trial)
        public void setUp() {
            jython = JythonFletcher32.load(Examples.fletcher32Input());
            check("Jython", jython.checksum());
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            jython.close();
        }
    }

    @Benchmark
    public int jython(Jython jython) {
        return jython.jython.checksum();
    }

    private static void check(String runtime, int checksum) {
        if (checksum != Examples.FLETCHER32_EXPECTED) {
            throw new IllegalStateException(String.format("%s gave 0x%08x, expected 0x%08x: refusing to benchmark",
                    runtime, checksum, Examples.FLETCHER32_EXPECTED));
        }
    }
}
