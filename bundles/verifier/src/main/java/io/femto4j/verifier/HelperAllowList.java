package io.femto4j.verifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A helper allow-list as sorted, disjoint, inclusive ranges of helper numbers. Unlike a lambda it can say
 * what it allows, so policies print as the spec that made them and diagnostics can list the allowed helpers.
 */
final class HelperAllowList implements IntPredicate {

    static final HelperAllowList NONE = new HelperAllowList(new int[0]);

    /** Pairs {@code lo, hi}, sorted by {@code lo}, disjoint and not adjacent. */
    private final int[] bounds;

    private HelperAllowList(int[] bounds) {
        this.bounds = bounds;
    }

    /** The union of the given inclusive ranges (each an {@code int[]{lo, hi}} with {@code lo <= hi}). */
    static HelperAllowList of(List<int[]> ranges) {
        List<int[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(r -> r[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : sorted) {
            int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            // long arithmetic: hi + 1 must not overflow at Integer.MAX_VALUE
            if (last != null && (long) r[0] <= (long) last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new int[] {r[0], r[1]});
            }
        }
        int[] bounds = new int[merged.size() * 2];
        for (int i = 0; i < merged.size(); i++) {
            bounds[2 * i] = merged.get(i)[0];
            bounds[2 * i + 1] = merged.get(i)[1];
        }
        return new HelperAllowList(bounds);
    }

    @Override
    public boolean test(int helper) {
        int lo = 0;
        int hi = bounds.length / 2 - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (helper < bounds[2 * mid]) {
                hi = mid - 1;
            } else if (helper > bounds[2 * mid + 1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** The spec form: {@code none}, or ranges joined by '+', e.g. {@code 1-5+16}. */
    @Override
    public String toString() {
        if (bounds.length == 0) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            s.append(i == 0 ? "" : "+").append(bounds[i]);
            if (bounds[i + 1] != bounds[i]) {
                s.append('-').append(bounds[i + 1]);
            }
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelperAllowList other && Arrays.equals(bounds, other.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }
}
