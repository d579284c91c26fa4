package io.femto4j.verifier;

import io.femto4j.isa.Program;

import java.util.BitSet;

/**
 * A program that passed the verifier under {@link #policy()}. Only the verifier creates these, so a VM that
 * accepts only this type never runs unchecked code. Besides the program it carries the facts the verifier
 * proved, which the VM uses to skip run-time checks.
 */
public final class VerifiedProgram {
    private final Program program;
    private final Policy policy;
    private final BitSet functionStarts;
    private final BitSet provenStackAccesses;

    VerifiedProgram(Program program, Policy policy, BitSet functionStarts, BitSet provenStackAccesses) {
        this.program = program;
        this.policy = policy;
        this.functionStarts = (BitSet) functionStarts.clone();
        this.provenStackAccesses = (BitSet) provenStackAccesses.clone();
    }

    public Program program() {
        return program;
    }

    public Policy policy() {
        return policy;
    }

    /** True when slot {@code index} starts a function (slot 0 or the target of a local call). */
    public boolean isFunctionStart(int index) {
        return functionStarts.get(index);
    }

    /**
     * True when slot {@code index} is a load, store or atomic through r10 with a constant offset that the
     * verifier proved lies inside the current frame, so the VM need not check it at run time.
     */
    public boolean isProvenStackAccess(int index) {
        return provenStackAccesses.get(index);
    }
}
