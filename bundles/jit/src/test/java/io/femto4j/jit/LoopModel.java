package io.femto4j.jit;

import static io.femto4j.jit.Loops.LIMIT;
import static io.femto4j.jit.Loops.LOW_HALVES;
import static io.femto4j.jit.Loops.NE;
import static io.femto4j.jit.Loops.SGE;
import static io.femto4j.jit.Loops.SGT;
import static io.femto4j.jit.Loops.SLE;
import static io.femto4j.jit.Loops.SLT;
import static io.femto4j.jit.Loops.UGE;
import static io.femto4j.jit.Loops.UGT;
import static io.femto4j.jit.Loops.ULE;
import static io.femto4j.jit.Loops.ULT;

/**
 * The arithmetic of the counted loops' guards as the compiler writes it out in bytecode ({@code
 * FunctionWriter.trips} and {@code window}), in plain Java: {@link CountedLoopTest} checks it against brute force,
 * and the compiled loops against it (a loop is counted exactly when this says its count and windows are known).
 * Both return 0 or -1 rather than guess whenever the arithmetic could wrap.
 */
final class LoopModel {
    private static final long M32 = 0xffffffffL;

    private LoopModel() {
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
    static long trips(int kind, long v, long b, long c) {
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
    static long window(long r, long start, long length, long c, long trips, int lo, int hi) {
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
