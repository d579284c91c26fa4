package io.femto4j.jit;

/** Implemented by each generated hidden class: runs the entry function; false when the run ended otherwise. */
public interface CompiledCode {
    boolean run(JitRun run);
}
