package io.femto4j.verifier;

import io.femto4j.isa.Program;

import java.util.BitSet;

/**
 * A program that passed the verifier under {@link #policy()}. Only the verifier creates these, so a VM that
 * accepts only this type never runs unchecked code. Besides the program it carries the facts the verifier
 * proved, which the VM uses to skip run-time checks.
 *
 * <p>What stays the VM's job: memory accesses not {@linkplain #isProvenStackAccess proven} (through registers
 * other than r10), the helper number of {@code callx} (against {@code policy().allowedHelpers()}), division by a
 * register that holds zero, and termination (a budget). Jump and call targets, r10, frames and call depth need
 * no run-time check.
 */
public final class VerifiedProgram {
    private final Program program;
    private final Policy policy;
    /**
     * Two bits per slot, in one array (kept for as long as the container, so not two bit sets with their headers):
     * bit {@code 2i} whether slot i starts a function, bit {@code 2i + 1} whether it is a proven stack access.
     */
    private final long[] facts;
    private final int functionCount;
    private final int deepestCallChain;

    VerifiedProgram(Program program, Policy policy, BitSet functionStarts, BitSet provenStackAccesses,
                    int deepestCallChain) {
        this.program = program;
        this.policy = policy;
        int n = program.size();
        long[] bits = new long[(2 * n + 63) >>> 6];
        for (int i = functionStarts.nextSetBit(0); i >= 0 && i < n; i = functionStarts.nextSetBit(i + 1)) {
            bits[(2 * i) >>> 6] |= 1L << 2 * i;
        }
        for (int i = provenStackAccesses.nextSetBit(0); i >= 0 && i < n; i = provenStackAccesses.nextSetBit(i + 1)) {
            bits[(2 * i + 1) >>> 6] |= 1L << 2 * i + 1;
        }
        this.facts = bits;
        this.functionCount = functionStarts.get(0, n).cardinality();
        this.deepestCallChain = deepestCallChain;
    }

    private boolean fact(int bit) {
        return (facts[bit >>> 6] & 1L << bit) != 0;
    }

    public Program program() {
        return program;
    }

    public Policy policy() {
        return policy;
    }

    /** True when slot {@code index} starts a function (slot 0 or the target of a local call). */
    public boolean isFunctionStart(int index) {
        return index >= 0 && index < program.size() && fact(2 * index);
    }

    /** Number of functions, the entry included. */
    public int functionCount() {
        return functionCount;
    }

    /**
     * True when slot {@code index} is a load, store or atomic through r10 with a constant offset that the
     * verifier proved lies inside the current frame, so the VM need not check it at run time.
     */
    public boolean isProvenStackAccess(int index) {
        return index >= 0 && index < program.size() && fact(2 * index + 1);
    }

    /**
     * Frames on the longest chain of local calls, the entry's frame included (1 for a program without local
     * calls); never more than the policy's {@link Policy#maxCallDepth()}.
     */
    public int deepestCallChain() {
        return deepestCallChain;
    }

    /** Stack bytes a run can use at most: one frame per level of the deepest call chain. */
    public int stackBytesNeeded() {
        return deepestCallChain * policy.frameSize();
    }

    @Override
    public String toString() {
        return "VerifiedProgram[" + program.size() + " slots, " + functionCount() + " functions, deepest call chain "
                + deepestCallChain + ", policy " + policy + "]";
    }
}
