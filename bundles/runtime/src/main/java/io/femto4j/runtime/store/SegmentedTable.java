package io.femto4j.runtime.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Predicate;

/**
 * The hash table behind every store: uint32 keys to uint32 values, thread-safe, allocation-free on fetch and on
 * updates of existing keys.
 *
 * <h2>Layout</h2>
 * The table is split into a power-of-two number of segments, picked by the top bits of the key's hash, so writers
 * of different keys rarely wait for each other. A segment is an open-addressing table with linear probing in one
 * {@code long[]}: each slot holds {@code key << 32 | value}. A value of 0 never occupies a slot: fetching a missing
 * key gives 0, so an entry of value 0 is indistinguishable from no entry, and storing 0 deletes the entry (and
 * releases its quota charge). A slot whose low 32 bits are 0 is therefore empty. Deletion shifts the following
 * cluster back (no tombstones), so probe sequences never lengthen with churn. Tables of shared stores keep a
 * parallel array of owners (the {@link Account} that created each entry) for quota accounting.
 *
 * <h2>Concurrency</h2>
 * Each segment has a {@link StampedLock}. A fetch reads optimistically (no write to shared memory, no allocation)
 * and retries under the read lock only if a writer intervened. Every mutation, including the read-modify-write
 * primitives {@link #addAndGet} and {@link #compareAndExchange}, runs under the segment's write lock, so no update
 * is lost. Quota counters are shared between segments and stores and are updated with compare-and-set
 * ({@link Counter}), so a limit is never exceeded, not even briefly.
 *
 * <h2>Memory</h2>
 * A segment grows (doubling) when more than 3/4 of its slots are used and shrinks (halving) when fewer than 1/8
 * are, so its size follows its live entries. Capacity counters bound the live entries. Per entry: 8 bytes of slot
 * (plus 4 bytes of owner reference in shared stores, with compressed oops) at a load between 3/8 and 3/4 while a
 * store grows: 11 to 21 bytes per entry for a local store, 16 to 32 for a shared one.
 *
 * <h2>Hashing</h2>
 * Keys are chosen by guests, possibly hostile ones. The hash is a bijective 32-bit mixer over the key xor a random
 * per-table seed, so a guest cannot precompute keys that collide in another container's probe path; and quotas
 * bound how long any cluster can get.
 */
final class SegmentedTable {

    /** Smallest segment table; a power of two. */
    static final int MIN_SLOTS = 8;
    static final int MAX_SEGMENTS = 16;
    /** Capacity per segment below which fewer segments are used (a small store needs no striping). */
    private static final int ENTRIES_PER_SEGMENT = 64;
    private static final long VALUE_MASK = 0xFFFF_FFFFL;

    /** Rough heap bytes of a segment without its arrays: segment object, its lock, two array headers. */
    private static final long SEGMENT_BYTES = 32 + 32 + 16 + 16;
    private static final long TABLE_BYTES = 40;

    final Scope scope;
    /** Entries in this table, against the table's capacity. */
    final Counter capacity;
    private final boolean ownersTracked;
    private final Segment[] segments;
    /** {@code 32 - log2(segments)}; a long shift so that one segment (shift 32) needs no special case. */
    private final int segmentShift;
    private final int seed;

    private static final class Segment {
        final StampedLock lock = new StampedLock();
        /** {@code key << 32 | value}; 0 is an empty slot. Replaced (not resized) when the table grows. */
        long[] slots;
        /** Creator of the entry in the same slot, or null when the table does not track owners. */
        Account[] owners;
        int size;

        Segment(boolean ownersTracked) {
            slots = new long[MIN_SLOTS];
            owners = ownersTracked ? new Account[MIN_SLOTS] : null;
        }
    }

    SegmentedTable(Scope scope, Counter capacity, boolean ownersTracked) {
        this(scope, capacity, ownersTracked, segmentsFor(capacity.limit()),
                ThreadLocalRandom.current().nextInt());
    }

    SegmentedTable(Scope scope, Counter capacity, boolean ownersTracked, int segmentCount, int seed) {
        if (Integer.bitCount(segmentCount) != 1 || segmentCount > MAX_SEGMENTS) {
            throw new IllegalArgumentException("segment count must be a power of two up to " + MAX_SEGMENTS);
        }
        this.scope = scope;
        this.capacity = capacity;
        this.ownersTracked = ownersTracked;
        this.seed = seed;
        this.segmentShift = 32 - Integer.numberOfTrailingZeros(segmentCount);
        this.segments = new Segment[segmentCount];
        for (int i = 0; i < segmentCount; i++) {
            segments[i] = new Segment(ownersTracked);
        }
    }

    static int segmentsFor(int capacity) {
        int wanted = Math.max(1, Math.min(MAX_SEGMENTS, capacity / ENTRIES_PER_SEGMENT));
        return Integer.highestOneBit(wanted);
    }

    /** Bijective mix (the MurmurHash3 finaliser) of the key and the table's seed. */
    private int hash(int key) {
        int h = key ^ seed;
        h ^= h >>> 16;
        h *= 0x85EB_CA6B;
        h ^= h >>> 13;
        h *= 0xC2B2_AE35;
        h ^= h >>> 16;
        return h;
    }

    private Segment segmentFor(int hash) {
        return segments[(int) ((hash & VALUE_MASK) >>> segmentShift)];
    }

    private static long pack(int key, int value) {
        return ((long) key << 32) | (value & VALUE_MASK);
    }

    private static int keyOf(long slot) {
        return (int) (slot >>> 32);
    }

    private static int valueOf(long slot) {
        return (int) slot;
    }

    // ---------------------------------------------------------------- reads

    /** The value of {@code key}, 0 if absent. Never blocks unless a writer holds the segment. */
    int fetch(int key) {
        int h = hash(key);
        Segment s = segmentFor(h);
        StampedLock lock = s.lock;
        long stamp = lock.tryOptimisticRead();
        if (stamp != 0L) {
            // The slots may change under us: find() only reads, stays in bounds and terminates, and a torn
            // answer is thrown away by validate().
            int value = find(s.slots, key, h);
            if (lock.validate(stamp)) {
                return value;
            }
        }
        stamp = lock.readLock();
        try {
            return find(s.slots, key, h);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private static int find(long[] slots, int key, int hash) {
        int mask = slots.length - 1;
        int i = hash & mask;
        // Bounded by the table length so that even an inconsistent optimistic view terminates.
        for (int n = 0; n <= mask; n++) {
            long slot = slots[i];
            if (valueOf(slot) == 0) {
                return 0;
            }
            if (keyOf(slot) == key) {
                return valueOf(slot);
            }
            i = (i + 1) & mask;
        }
        return 0;
    }

    // ---------------------------------------------------------------- writes

    /** Sets {@code key} to {@code value} (0 deletes); the writer is charged if this creates the entry. */
    int store(int key, int value, Account writer) {
        int h = hash(key);
        Segment s = segmentFor(h);
        long stamp = s.lock.writeLock();
        try {
            return put(s, slotOf(s.slots, key, h), key, value, writer);
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /**
     * Adds {@code delta} modulo 2^32 atomically. Returns the new value (0 to 2^32-1) or a negative status if
     * creating the entry was refused (then nothing changed).
     */
    long addAndGet(int key, int delta, Account writer) {
        int h = hash(key);
        Segment s = segmentFor(h);
        long stamp = s.lock.writeLock();
        try {
            int found = slotOf(s.slots, key, h);
            int current = found >= 0 ? valueOf(s.slots[found]) : 0;
            int next = current + delta;
            int status = put(s, found, key, next, writer);
            return status < 0 ? status : next & VALUE_MASK;
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /**
     * Sets {@code key} to {@code desired} if its value is {@code expected}, atomically. Returns the value seen
     * before (the swap happened if and only if it equals {@code expected}), or a negative status if creating the
     * entry was refused (then nothing changed).
     */
    long compareAndExchange(int key, int expected, int desired, Account writer) {
        int h = hash(key);
        Segment s = segmentFor(h);
        long stamp = s.lock.writeLock();
        try {
            int found = slotOf(s.slots, key, h);
            int current = found >= 0 ? valueOf(s.slots[found]) : 0;
            if (current == expected && current != desired) {
                int status = put(s, found, key, desired, writer);
                if (status < 0) {
                    return status;
                }
            }
            return current & VALUE_MASK;
        } finally {
            s.lock.unlockWrite(stamp);
        }
    }

    /** Index of {@code key}, or {@code -(index of the empty slot ending its probe) - 1}. Write lock held. */
    private static int slotOf(long[] slots, int key, int hash) {
        int mask = slots.length - 1;
        int i = hash & mask;
        while (true) {
            long slot = slots[i];
            if (valueOf(slot) == 0) {
                return -i - 1;
            }
            if (keyOf(slot) == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Applies a store at a position found by {@link #slotOf}. Write lock held. */
    private int put(Segment s, int found, int key, int value, Account writer) {
        if (found >= 0) {
            if (value != 0) {
                s.slots[found] = pack(key, value);
                return StoreStatus.OK;
            }
            Account owner = s.owners == null ? null : s.owners[found];
            removeAt(s, found);
            s.size--;
            release(owner);
            if (s.size < s.slots.length >>> 3 && s.slots.length > MIN_SLOTS) {
                rehash(s, s.slots.length >>> 1);
            }
            return StoreStatus.OK;
        }
        if (value == 0) {
            return StoreStatus.OK;
        }
        int status = charge(writer);
        if (status != StoreStatus.OK) {
            return status;
        }
        int empty = -found - 1;
        s.slots[empty] = pack(key, value);
        if (s.owners != null) {
            s.owners[empty] = writer;
        }
        s.size++;
        if (s.size * 4L > s.slots.length * 3L) {
            rehash(s, s.slots.length << 1);
        }
        return StoreStatus.OK;
    }

    /**
     * Takes one unit from every limit a new entry counts against: the writer's quota for this scope, its tenant's
     * global quota (global store only), and this table's capacity. All or nothing.
     */
    private int charge(Account writer) {
        Counter own = writer == null ? null : writer.quotaFor(scope);
        if (own != null && !own.tryAcquire()) {
            return StoreStatus.ERR_CONTAINER_QUOTA;
        }
        Counter tenant = scope == Scope.GLOBAL && writer != null ? writer.tenant.globalEntries : null;
        if (tenant != null && !tenant.tryAcquire()) {
            if (own != null) {
                own.release();
            }
            return StoreStatus.ERR_TENANT_QUOTA;
        }
        if (!capacity.tryAcquire()) {
            if (tenant != null) {
                tenant.release();
            }
            if (own != null) {
                own.release();
            }
            // The capacity of each store is the quota of the level that owns it.
            return switch (scope) {
                case LOCAL -> StoreStatus.ERR_CONTAINER_QUOTA;
                case TENANT -> StoreStatus.ERR_TENANT_QUOTA;
                case GLOBAL -> StoreStatus.ERR_STORE_FULL;
            };
        }
        return StoreStatus.OK;
    }

    /** Gives back what {@link #charge} took for an entry created by {@code owner}. */
    private void release(Account owner) {
        if (owner != null) {
            Counter own = owner.quotaFor(scope);
            if (own != null) {
                own.release();
            }
            if (scope == Scope.GLOBAL) {
                owner.tenant.globalEntries.release();
            }
        }
        capacity.release();
    }

    /** Empties slot {@code hole} and shifts back the rest of its cluster (Knuth's algorithm R). Write lock held. */
    private void removeAt(Segment s, int hole) {
        long[] slots = s.slots;
        Account[] owners = s.owners;
        int mask = slots.length - 1;
        int i = hole;
        for (int j = (i + 1) & mask; valueOf(slots[j]) != 0; j = (j + 1) & mask) {
            int home = hash(keyOf(slots[j])) & mask;
            // The entry at j may fill the hole at i only if i lies on its probe path, from home to j.
            if (((j - home) & mask) >= ((j - i) & mask)) {
                slots[i] = slots[j];
                if (owners != null) {
                    owners[i] = owners[j];
                }
                i = j;
            }
        }
        slots[i] = 0L;
        if (owners != null) {
            owners[i] = null;
        }
    }

    /** Moves every entry into fresh arrays of {@code length} slots. Write lock held. */
    private void rehash(Segment s, int length) {
        long[] old = s.slots;
        Account[] oldOwners = s.owners;
        long[] slots = new long[length];
        Account[] owners = oldOwners == null ? null : new Account[length];
        int mask = length - 1;
        for (int i = 0; i < old.length; i++) {
            long slot = old[i];
            if (valueOf(slot) == 0) {
                continue;
            }
            int j = hash(keyOf(slot)) & mask;
            while (valueOf(slots[j]) != 0) {
                j = (j + 1) & mask;
            }
            slots[j] = slot;
            if (owners != null) {
                owners[j] = oldOwners[i];
            }
        }
        s.slots = slots;
        s.owners = owners;
    }

    // ---------------------------------------------------------------- maintenance and listing

    /**
     * Deletes every entry whose owner matches, releasing its charges, and returns how many went. Only for tables
     * that track owners.
     */
    int purge(Predicate<Account> ownerMatches) {
        if (!ownersTracked) {
            throw new IllegalStateException("table does not track owners");
        }
        int removed = 0;
        for (Segment s : segments) {
            long stamp = s.lock.writeLock();
            try {
                long[] slots = s.slots;
                Account[] owners = s.owners;
                int kept = 0;
                for (int i = 0; i < slots.length; i++) {
                    if (valueOf(slots[i]) == 0) {
                        continue;
                    }
                    if (ownerMatches.test(owners[i])) {
                        // Clearing in place breaks probe chains; the rehash below rebuilds them.
                        slots[i] = 0L;
                        release(owners[i]);
                        owners[i] = null;
                        removed++;
                    } else {
                        kept++;
                    }
                }
                s.size = kept;
                int length = MIN_SLOTS;
                while (kept * 4L > length * 3L) {
                    length <<= 1;
                }
                rehash(s, length);
            } finally {
                s.lock.unlockWrite(stamp);
            }
        }
        return removed;
    }

    /** Deletes everything, releasing every charge, and shrinks to the minimum. */
    void clear() {
        for (Segment s : segments) {
            long stamp = s.lock.writeLock();
            try {
                for (int i = 0; i < s.slots.length; i++) {
                    if (valueOf(s.slots[i]) != 0) {
                        release(s.owners == null ? null : s.owners[i]);
                    }
                }
                s.slots = new long[MIN_SLOTS];
                s.owners = ownersTracked ? new Account[MIN_SLOTS] : null;
                s.size = 0;
            } finally {
                s.lock.unlockWrite(stamp);
            }
        }
    }

    /**
     * Live entries: the table's capacity count, which every creation takes before it inserts and every deletion
     * gives back after it removes. Atomic, so it never exceeds the capacity, not even while writers run (a sum
     * over the segments could, being read at different moments).
     */
    int size() {
        return capacity.used();
    }

    /** Entries counted in the segments, each under its lock (tests: equals {@link #size()} at rest). */
    int countEntries() {
        int total = 0;
        for (Segment s : segments) {
            long stamp = s.lock.readLock();
            try {
                total += s.size;
            } finally {
                s.lock.unlockRead(stamp);
            }
        }
        return total;
    }

    /**
     * Up to {@code limit} entries, sorted by unsigned key. Each segment is copied under its read lock; when
     * truncated, which entries are returned is unspecified. {@code localOwner} names the owner of every entry of
     * a table that does not track owners.
     */
    List<StoreEntry> snapshot(int limit, ContainerId localOwner) {
        List<StoreEntry> out = new ArrayList<>(Math.min(Math.max(limit, 0), 1024));
        for (Segment s : segments) {
            if (out.size() >= limit) {
                break;
            }
            long stamp = s.lock.readLock();
            try {
                for (int i = 0; i < s.slots.length && out.size() < limit; i++) {
                    long slot = s.slots[i];
                    if (valueOf(slot) != 0) {
                        ContainerId owner = s.owners == null ? localOwner : s.owners[i].id;
                        out.add(new StoreEntry(keyOf(slot), valueOf(slot), owner));
                    }
                }
            } finally {
                s.lock.unlockRead(stamp);
            }
        }
        out.sort((a, b) -> Integer.compareUnsigned(a.key(), b.key()));
        return out;
    }

    /**
     * Estimated heap bytes of this table (64-bit JVM with compressed oops): fixed parts plus 8 bytes per slot, and
     * 4 more per slot when owners are tracked. An estimate from the structure, not a measurement.
     */
    long estimatedBytes() {
        long bytes = TABLE_BYTES + 16 + 4L * segments.length;
        for (Segment s : segments) {
            long stamp = s.lock.readLock();
            try {
                bytes += SEGMENT_BYTES + 8L * s.slots.length + (s.owners == null ? 0 : 4L * s.owners.length);
            } finally {
                s.lock.unlockRead(stamp);
            }
        }
        return bytes;
    }

    int segmentCount() {
        return segments.length;
    }

    /** Checks the table's invariants (tests only): every entry is reachable from its home slot, sizes match. */
    void checkInvariants() {
        for (Segment s : segments) {
            long stamp = s.lock.readLock();
            try {
                int live = 0;
                for (int i = 0; i < s.slots.length; i++) {
                    long slot = s.slots[i];
                    if (valueOf(slot) == 0) {
                        if (slot != 0L) {
                            throw new IllegalStateException("empty slot " + i + " not cleared");
                        }
                        continue;
                    }
                    live++;
                    int h = hash(keyOf(slot));
                    if (segmentFor(h) != s) {
                        throw new IllegalStateException("key in the wrong segment");
                    }
                    if (slotOf(s.slots, keyOf(slot), h) != i) {
                        throw new IllegalStateException("key " + keyOf(slot) + " not reachable at slot " + i);
                    }
                    if (s.owners != null && s.owners[i] == null) {
                        throw new IllegalStateException("entry without owner at slot " + i);
                    }
                }
                if (live != s.size) {
                    throw new IllegalStateException("segment size " + s.size + " but " + live + " entries");
                }
                if (s.size * 4L > s.slots.length * 3L) {
                    throw new IllegalStateException("segment over its load limit");
                }
            } finally {
                s.lock.unlockRead(stamp);
            }
        }
    }
}
