package io.femto4j.jit;

import io.femto4j.vm.Engine;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Vm;

/** The interpreter as an {@link Engine}. */
final class Interpreted implements Engine {
    private final Vm vm;
    private final String description;

    Interpreted(Vm vm, String description) {
        this.vm = vm;
        this.description = description;
    }

    @Override
    public Outcome run(Memory memory, long r1, long r2, long budget) {
        return vm.run(memory, r1, r2, budget);
    }

    @Override
    public Kind kind() {
        return Kind.INTERPRETER;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
