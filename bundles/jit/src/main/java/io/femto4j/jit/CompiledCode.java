package io.femto4j.jit;

/** Implemented by each generated hidden class: runs the entry function; false when the run ended otherwise. */
interface CompiledCode {
    boolean run(JitRun run);
}
