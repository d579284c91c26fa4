package io.femto4j.jit;

import io.femto4j.vm.Engine;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Vm;

/**
 * A program compiled to a hidden class. Holds the only strong reference to it (through {@link #code}), so the class
 * is unloaded together with this engine.
 */
final class Compiled implements Engine {
    private final Vm vm;
    private final CompiledCode code;
    // What the description says, as numbers: a string per installed container would cost ~120 bytes.
    private final int functions;
    private final int bytecodeBytes;
    private final int uncheckedAccesses;
    private final int countedLoops;

    Compiled(Vm vm, CompiledCode code, int functions, int bytecodeBytes, int uncheckedAccesses,
             int countedLoops) {
        this.vm = vm;
        this.code = code;
        this.functions = functions;
        this.bytecodeBytes = bytecodeBytes;
        this.uncheckedAccesses = uncheckedAccesses;
        this.countedLoops = countedLoops;
    }

    @Override
    public Outcome run(Memory memory, long r1, long r2, long budget) {
        JitRun c = new JitRun(vm, memory, budget, r1, r2);
        // The Outcome goes straight back (not through the run's state), so that a caller reading r0 from it lets
        // HotSpot drop the allocation.
        return code.run(c) ? new Outcome.Returned(c.r0, budget - c.left) : c.outcome;
    }

    /** A run, with what the generated code left in its state (for tests: {@link JitRun#countedLoops}). */
    JitRun execute(Memory memory, long r1, long r2, long budget) {
        JitRun c = new JitRun(vm, memory, budget, r1, r2);
        if (code.run(c)) {
            c.outcome = new Outcome.Returned(c.r0, budget - c.left);
        }
        return c;
    }

    /** The generated class, for tests. */
    Class<?> codeClass() {
        return code.getClass();
    }

    @Override
    public Kind kind() {
        return Kind.COMPILER;
    }

    @Override
    public String description() {
        return "compiler (" + Compiler.Result.summary(functions, bytecodeBytes, uncheckedAccesses, countedLoops) + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
