package io.femto4j.vm;

import java.util.List;
import java.util.Objects;

/**
 * The guest memory of a run besides its stack: a set of non-overlapping {@link Region}s. Immutable (the regions'
 * bytes are not) and safe to share between runs. Every load, store and atomic of a program, and every access a
 * helper makes for it, must lie entirely inside one region or the stack.
 *
 * <p>The stack lives at fixed guest addresses, {@link #STACK_AREA_START} to {@link #STACK_AREA_END}; at entry r10 is
 * {@link #STACK_AREA_END}. No region may overlap that area, so a stack pointer can never alias host memory.
 */
public final class Memory {
    /** One past the highest stack address: r10 of the entry function. 2^47, far from typical host regions. */
    public static final long STACK_AREA_END = 1L << 47;
    /** Lowest address reserved for stacks; 4 MiB covers the largest stack a policy can ask for (64 frames of 64 KiB). */
    public static final long STACK_AREA_START = STACK_AREA_END - (1L << 22);

    private static final Memory EMPTY = new Memory(new Region[0], new Region[0]);

    private final List<Region> regions;
    /** The non-empty regions sorted by start (what {@link #find}'s index selects). */
    private final Region[] sorted;
    // The same, as parallel arrays for the VM's lookups.
    final long[] starts;
    final int[] lengths;
    final byte[][] bytes;
    final boolean[] writable;
    final String[] names;

    /** {@code sorted}: the non-empty regions of {@code given} by start, as {@link #check} returns them. */
    private Memory(Region[] given, Region[] sorted) {
        this.regions = List.of(given); // a copy
        this.sorted = sorted;
        int n = sorted.length;
        starts = new long[n];
        lengths = new int[n];
        bytes = new byte[n][];
        writable = new boolean[n];
        names = new String[n];
        for (int i = 0; i < n; i++) {
            Region r = sorted[i];
            starts[i] = r.start();
            lengths[i] = r.length();
            bytes[i] = r.bytes();
            writable[i] = r.writable();
            names[i] = r.name();
        }
    }

    /** No regions: the program can touch only its stack. */
    public static Memory empty() {
        return EMPTY;
    }

    /**
     * Memory made of {@code regions}.
     *
     * @throws IllegalArgumentException if a region wraps around the end of the 64-bit address space, overlaps the
     *                                  stack area or overlaps another region
     */
    public static Memory of(Region... regions) {
        Objects.requireNonNull(regions, "regions");
        for (Region r : regions) {
            Objects.requireNonNull(r, "region");
        }
        return new Memory(regions, check(regions));
    }

    /** These regions plus {@code more}, checked as {@link #of} does. */
    public Memory plus(Region... more) {
        int n = regions.size();
        Region[] given = regions.toArray(new Region[n + more.length]);
        for (int i = 0; i < more.length; i++) {
            given[n + i] = Objects.requireNonNull(more[i], "region");
        }
        return new Memory(given, check(given));
    }

    /** The regions as given (including empty ones, which contain no address). */
    public List<Region> regions() {
        return regions;
    }

    /**
     * Checks the regions (see {@link #of}) and returns the non-empty ones sorted by start. Made for every run (the
     * host's regions of the run), so plain arrays and an insertion sort: there are a handful of regions.
     */
    private static Region[] check(Region[] list) {
        int nonEmpty = 0;
        for (Region r : list) {
            long end = r.start() + r.length();
            if (r.length() > 0 && Long.compareUnsigned(end, r.start()) <= 0) {
                throw new IllegalArgumentException("region " + r.name() + " " + range(r.start(), r.length())
                        + " wraps around the end of the 64-bit address space");
            }
            if (r.length() > 0 && Long.compareUnsigned(r.start(), STACK_AREA_END) < 0
                    && Long.compareUnsigned(end, STACK_AREA_START) > 0) {
                throw new IllegalArgumentException("region " + r.name() + " " + range(r.start(), r.length())
                        + " overlaps the VM's stack area " + range(STACK_AREA_START, STACK_AREA_END - STACK_AREA_START));
            }
            if (r.length() > 0) {
                nonEmpty++;
            }
        }
        Region[] sorted = new Region[nonEmpty];
        int n = 0;
        for (Region r : list) {
            if (r.length() > 0) {
                // insert in unsigned start order, after equal starts (stable, as a list sort would be)
                int at = n++;
                while (at > 0 && Long.compareUnsigned(sorted[at - 1].start(), r.start()) > 0) {
                    sorted[at] = sorted[at - 1];
                    at--;
                }
                sorted[at] = r;
            }
        }
        for (int i = 1; i < sorted.length; i++) {
            Region a = sorted[i - 1];
            Region b = sorted[i];
            if (Long.compareUnsigned(a.start() + a.length(), b.start()) > 0) {
                throw new IllegalArgumentException("regions " + a.name() + " " + range(a.start(), a.length()) + " and "
                        + b.name() + " " + range(b.start(), b.length()) + " overlap");
            }
        }
        return sorted;
    }

    /** The region holding {@code address}, or null if none does. */
    public Region regionAt(long address) {
        int k = find(address, 1);
        return k < 0 ? null : sorted[k];
    }

    /** Index of the region holding all of {@code [address, address + size)}, or -1. */
    int find(long address, long size) {
        // Binary search for the last region starting at or below the address (unsigned order), then a fit test
        // that cannot overflow: the offset into the region is an unsigned difference.
        int lo = 0;
        int hi = starts.length - 1;
        int at = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], address) <= 0) {
                at = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (at < 0) {
            return -1;
        }
        long offset = address - starts[at];
        return size <= lengths[at] && Long.compareUnsigned(offset, lengths[at] - size) <= 0 ? at : -1;
    }

    /** Index of a region that holds at least one of the bytes {@code [address, address + size)}, or -1. */
    int touching(long address, long size) {
        for (int i = 0; i < starts.length; i++) {
            long offset = address - starts[i];
            // The access starts inside region i, or region i starts inside the access.
            if (Long.compareUnsigned(offset, lengths[i]) < 0 || Long.compareUnsigned(starts[i] - address, size) < 0) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the region closest to {@code address}, or -1 when there are none. */
    int nearest(long address) {
        int best = -1;
        long bestDistance = -1;
        for (int i = 0; i < starts.length; i++) {
            long last = starts[i] + lengths[i] - 1;
            long d;
            if (Long.compareUnsigned(address, starts[i]) < 0) {
                d = starts[i] - address;
            } else if (Long.compareUnsigned(address, last) > 0) {
                d = address - last;
            } else {
                d = 0;
            }
            if (best < 0 || Long.compareUnsigned(d, bestDistance) < 0) {
                best = i;
                bestDistance = d;
            }
        }
        return best;
    }

    static String hex(long address) {
        return "0x" + Long.toHexString(address);
    }

    static String range(long start, long length) {
        return "[" + hex(start) + ", " + hex(start + length) + ")";
    }

    @Override
    public String toString() {
        return "Memory" + regions;
    }
}
