package io.femto4j.jit;

import io.femto4j.vm.Engine;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Sections;
import io.femto4j.vm.Vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Objects;

/**
 * Loads programs into an {@link Engine}: compiled to JVM bytecode when possible, else the interpreter. Loading never
 * fails because of the compiler; {@link Engine#kind()} and {@link Engine#description()} say which engine runs.
 *
 * <p>The compiler falls back to the interpreter when the program has something the interpreter would turn into an
 * {@code InvalidInstruction} fault (the verifier should have refused it), a jump across functions or a function that
 * runs off its end, when a generated function would exceed {@link #MAX_METHOD_BYTES} (HotSpot does not JIT-compile
 * larger methods, which would make the compiled program slower than the interpreter) or the JVM's 64 KiB limit, or
 * when anything else in generation or class definition fails.
 */
public final class Jit {
    /** Largest bytecode of a generated fast-path method: HotSpot's limit for JIT compilation (HugeMethodLimit). */
    public static final int MAX_METHOD_BYTES = 8000;

    private Jit() {
    }

    /** {@link #load(VerifiedProgram, HelperTable, Sections)} without sections. */
    public static Engine load(VerifiedProgram program, HelperTable helpers) {
        return load(program, helpers, Sections.NONE);
    }

    /** The program compiled, or the interpreter when compilation is not possible. */
    public static Engine load(VerifiedProgram program, HelperTable helpers, Sections sections) {
        return compile(Vm.load(program, helpers, sections));
    }

    /**
     * The interpreter for the first {@code compileAfterRuns} runs, then the program compiled (or, when that is not
     * possible, still the interpreter): start-up stays that of the interpreter, and only containers that run often
     * pay for compilation. {@code compileAfterRuns} 0 compiles at the first run.
     */
    public static Engine tiered(VerifiedProgram program, HelperTable helpers, Sections sections, long compileAfterRuns) {
        return new Tiered(Vm.load(program, helpers, sections), compileAfterRuns);
    }

    /** {@code vm}'s program compiled, or {@code vm} as the engine when compilation is not possible. */
    static Engine compile(Vm vm) {
        try {
            Compiler.Result result = new Compiler(vm).compile();
            if (result.code() == null) {
                return new Interpreted(vm, "interpreter (not compiled: " + result.reason() + ")");
            }
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(result.code(), true);
            CompiledCode code = (CompiledCode) hidden.findConstructor(hidden.lookupClass(),
                    MethodType.methodType(void.class)).invoke();
            return new Compiled(vm, code, result.functions(), result.bytecodeBytes(), result.uncheckedAccesses(),
                    result.countedLoops());
        } catch (Throwable e) {
            // An ASM limit, a verification error of the generated class, a bug: the interpreter still runs it.
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (VirtualMachineError) e;
            }
            return new Interpreted(vm, "interpreter (not compiled: " + e + ")");
        }
    }

    /** The interpreter, as an engine. */
    public static Engine interpreter(VerifiedProgram program, HelperTable helpers, Sections sections) {
        return interpreter(Vm.load(program, helpers, sections));
    }

    /** An interpreter already loaded, as an engine. */
    public static Engine interpreter(Vm vm) {
        return new Interpreted(Objects.requireNonNull(vm, "vm"), "interpreter");
    }
}
