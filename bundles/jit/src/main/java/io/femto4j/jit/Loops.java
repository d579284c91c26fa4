package io.femto4j.jit;

/**
 * Run-time guards of the compiler's counted loops (see {@code Compiler.CountedLoop}): the generated code calls them
 * once per loop entry, with constant {@code kind} and strides, so HotSpot inlines and folds them.
 *
 * <p>A counted loop is a single-unit loop whose back edge compares an induction register (changed only by one
 * {@code add imm} in the body) with a loop-invariant bound. {@link #trips} gives the exact number of iterations left,
 * {@link #window} whether every access of the loop stays inside one memory window; when both hold, the compiled
 * loop runs that many iterations without per-iteration tests. Both return 0 or -1 rather than guess whenever the
 * arithmetic could wrap, so the caller then runs the general loop, which is exact in every case.
 */
final class Loops {
    /** The back edge is taken while {@code iv OP bound}: unsigned and signed orderings, and inequality. */
    static final int ULT = 0, ULE = 1, UGT = 2, UGE = 3, SLT = 4, SLE = 5, SGT = 6, SGE = 7, NE = 8;
    /** Added to a kind: the test compares the low 32 bits (a JMP32 back edge), as unsigned or signed ints. */
    static final int LOW_HALVES = 16;
    private static final long M32 = 0xffffffffL;
    /** Values the trip arithmetic accepts, so that no sum or product in it can overflow. */
    private static final long LIMIT = 1L << 61;

    private Loops() {
    }

    /**
     * The number of iterations a loop runs from now, each adding {@code c} to the induction register (now
     * {@code v}) and then taking the back edge while {@code v OP b}: the smallest k >= 1 for which the test fails
     * after k iterations. 0 when it is not known here (values or count out of range, a test never failing without
     * wrapping around), so the caller must run the general loop. {@code c} is not 0 and has the direction
     * {@code kind} needs (positive for the less-than kinds, negative for greater-than); any for {@link #NE}. With
     * {@link #LOW_HALVES}, the same for the low halves of {@code v} and {@code b}, which the count must not make
     * wrap around either.
     */
    public static long trips(int kind, long v, long b, long c) {
        boolean low = (kind & LOW_HALVES) != 0;
        kind &= ~LOW_HALVES;
        boolean unsigned = kind <= UGE;
        if (low) {
            v = unsigned ? v & M32 : (int) v;
            b = unsigned ? b & M32 : (int) b;
        }
        long min = unsigned ? 0 : -LIMIT;
        if (v < min || v > LIMIT || b < min || b > LIMIT) {
            return 0;
        }
        long t;
        switch (kind) {
            case ULT, SLT -> t = b - v <= 0 ? 1 : (b - v + c - 1) / c;
            case ULE, SLE -> t = b - v < 0 ? 1 : (b - v) / c + 1;
            case UGT, SGT -> t = v - b <= 0 ? 1 : (v - b - c - 1) / -c;
            case UGE, SGE -> t = v - b < 0 ? 1 : (v - b) / -c + 1;
            case NE -> t = (b - v) % c == 0 && (b - v) / c >= 1 ? (b - v) / c : 0;
            default -> t = 0;
        }
        if (t > Integer.MAX_VALUE) {
            return 0;
        }
        // Counting down in unsigned: a value below 0 is a huge one, for which the test would hold again. In 32 bits,
        // the same past either end of the int range.
        long last = v + t * c;
        if (unsigned && last < 0 || low && (unsigned ? last > M32 : last != (int) last)) {
            return 0;
        }
        return t;
    }

    /**
     * Whether the accesses {@code [r + lo + k*c, r + hi + k*c)} for every k in {@code [0, trips)} lie in the window
     * of {@code length} bytes from guest address {@code start}: then the index of the lowest access of the first
     * iteration, {@code r + lo - start}, else -1. {@code lo < hi}, {@code trips >= 1}, {@code |c| <= 65536} and
     * {@code |lo|, |hi| < 2^17 + 65536} (the compiler only asks for such), so nothing below overflows.
     */
    public static long window(long r, long start, long length, long c, long trips, int lo, int hi) {
        long x = r - start;
        if (x < -LIMIT || x > LIMIT) {
            return -1;
        }
        long shift = (trips - 1) * c;
        long first = x + lo;
        long end = x + hi;
        if (first < 0 || first + shift < 0 || end > length || end + shift > length) {
            return -1;
        }
        return first;
    }
}
