package io.femto4j.vm;

/**
 * A loaded program that can be run, by whichever engine: the interpreter or the compiler. Both give the same
 * {@link Outcome} (same r0 or same fault at the same pc, same instruction count) and the same side effects on
 * memory and helpers, so a host may choose per container. Immutable; concurrent runs need their own memory.
 */
public interface Engine {

    /** Which engine runs the program. */
    enum Kind { INTERPRETER, COMPILER }

    /**
     * Runs the program once, as {@link io.femto4j.vm.Vm#run} does.
     *
     * @throws IllegalArgumentException if the budget is not positive, or memory overlaps the sections
     */
    Outcome run(Memory memory, long r1, long r2, long budget);

    Kind kind();

    /** For people: the engine, and for the interpreter chosen as a fallback, why the compiler was not used. */
    String description();
}
