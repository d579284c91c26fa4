package io.femto4j.benchmarks;

import io.femto4j.vm.Engine;
import io.femto4j.jit.Jit;
import io.femto4j.runtime.image.Image;
import io.femto4j.runtime.image.Images;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerificationException;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Vm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Scriptable;
import org.python.util.PythonInterpreter;

import java.util.concurrent.TimeUnit;

/**
 * Start-up cost on a warm JVM: verify and load {@code sdk/examples/fletcher32.bin} for the interpreter, or verify,
 * load and compile it (bytecode generation plus hidden class definition) for the compiler. The first run of
 * compiled code also pays for HotSpot to interpret and later compile the new class; that is not measured here.
 *
 * <p>JVM peers (issue 7), each up to ready to run: Chicory parses {@code fletcher32.wasm} and instantiates it, with
 * its interpreter or compiled to JVM bytecode (class generation and definition included); Rhino enters a context,
 * makes a scope with the standard objects and compiles and runs {@code fletcher32.js} (interpreted, or compiled to
 * JVM classes); Jython makes an interpreter and runs the function definition.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(3)
public class StartupBenchmark {
    private final byte[] code = Examples.fletcher32Program();

    private VerifiedProgram verify() throws VerificationException {
        return Verifier.verify(code, Policy.permissive(h -> false)).orThrow();
    }

    @Benchmark
    public Vm interpreter() throws VerificationException {
        return Vm.load(verify(), HelperTable.empty());
    }

    private final byte[] object = Examples.object("fletcher32");

    /** As {@link #interpreter()} from the clang object {@code fletcher32.o} the platform installs: ELF parse too. */
    @Benchmark
    public Vm interpreterFromElf() throws Exception {
        Image image = Images.load(object);
        VerifiedProgram program = Verifier.verify(image.text(), Policy.permissive(h -> false)).orThrow();
        return Vm.load(program, HelperTable.empty());
    }

    @Benchmark
    public Engine jit() throws VerificationException {
        Engine engine = Jit.load(verify(), HelperTable.empty());
        if (engine.kind() != Engine.Kind.COMPILER) {
            throw new IllegalStateException("not compiled: " + engine.description());
        }
        return engine;
    }

    private final byte[] wasm = ChicoryFletcher32.wasm();
    private final String javaScript = RhinoFletcher32.source();

    @Benchmark
    public Instance chicoryInterpreter() {
        WasmModule module = Parser.parse(wasm);
        return Instance.builder(module).build();
    }

    @Benchmark
    public Instance chicoryCompiled() {
        WasmModule module = Parser.parse(wasm);
        return Instance.builder(module)
                .withMachineFactory(MachineFactoryCompiler.builder(module)
                        .withInterpreterFallback(InterpreterFallback.FAIL).compile())
                .build();
    }

    @Benchmark
    public Scriptable rhinoInterpreted() {
        return rhino(false);
    }

    @Benchmark
    public Scriptable rhinoCompiled() {
        return rhino(true);
    }

    private Scriptable rhino(boolean compiled) {
        Context context = Context.enter();
        try {
            return RhinoFletcher32.define(context, javaScript, compiled);
        } finally {
            Context.exit();
        }
    }

    @Benchmark
    public PythonInterpreter jython() {
        PythonInterpreter interpreter = new PythonInterpreter();
        interpreter.exec(JythonFletcher32.SOURCE);
        interpreter.close();
        return interpreter;
    }
}
