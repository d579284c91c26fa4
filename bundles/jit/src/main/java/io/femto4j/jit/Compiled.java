package io.femto4j.jit;

import io.femto4j.vm.Engine;
import io.femto4j.vm.EngineRun;
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

    Compiled(Vm vm, CompiledCode code, int functions, int bytecodeBytes, int uncheckedAccesses) {
        this.vm = vm;
        this.code = code;
        this.functions = functions;
        this.bytecodeBytes = bytecodeBytes;
        this.uncheckedAccesses = uncheckedAccesses;
    }

    @Override
    public Outcome run(Memory memory, long r1, long r2, long budget) {
        EngineRun er = EngineRun.start(vm, memory, budget);
        JitRun c = new JitRun(er, budget, r1);
        c.regs[1] = r1;
        c.regs[2] = r2;
        if (code.run(c)) {
            return new Outcome.Returned(c.regs[0], budget - c.left);
        }
        return c.outcome;
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
        return "compiler (" + Compiler.Result.summary(functions, bytecodeBytes, uncheckedAccesses) + ")";
    }

    @Override
    public String toString() {
        return description();
    }
}
