package io.femto4j.runtime;

import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.vm.Engine;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Sections;
import io.femto4j.vm.Vm;

/**
 * Turns a verified container image into an {@link Engine} that runs it: the interpreter by default, or the
 * compiler of {@code io.femto4j.jit} ({@code Jit::load}), which the runtime does not depend on.
 */
@FunctionalInterface
public interface EngineFactory {

    /** The interpreter, {@link Vm#load(VerifiedProgram, HelperTable, Sections)}. */
    EngineFactory INTERPRETER = Vm::load;

    Engine load(VerifiedProgram program, HelperTable helpers, Sections sections);
}
