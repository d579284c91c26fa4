package io.femto4j.jit;

/**
 * The kinds of back-edge test of the compiler's counted loops ({@code Compiler.CountedLoop}) and the range their
 * guards compute in. The guards themselves are written out in bytecode per loop ({@code FunctionWriter.trips} and
 * {@code window}); the test tree holds their arithmetic as plain Java ({@code LoopModel}), checked against brute
 * force, and checks the compiled loops against it.
 */
final class Loops {
    /** The back edge is taken while {@code iv OP bound}: unsigned and signed orderings, and inequality. */
    static final int ULT = 0, ULE = 1, UGT = 2, UGE = 3, SLT = 4, SLE = 5, SGT = 6, SGE = 7, NE = 8;
    /** Added to a kind: the test compares the low 32 bits (a JMP32 back edge), as unsigned or signed ints. */
    static final int LOW_HALVES = 16;
    /** Values the guards' 64-bit arithmetic accepts, so that no sum or product in it can overflow. */
    static final long LIMIT = 1L << 61;

    private Loops() {
    }
}
