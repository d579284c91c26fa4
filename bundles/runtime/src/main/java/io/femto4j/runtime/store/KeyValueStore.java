package io.femto4j.runtime.store;

/**
 * One store as one container sees it: the operations its helpers call. Keys and values are uint32 carried in Java
 * {@code int}s (read them with {@link Integer#toUnsignedLong}); a missing key reads as 0, and storing 0 deletes.
 *
 * <p>Every operation is atomic and thread-safe: many runs of the same or different containers may call it at once
 * and no update is lost. {@code fetch} then {@code store} is not atomic as a pair; use {@link #addAndGet} or
 * {@link #compareAndExchange} for read-modify-write. No operation allocates when the key exists, and none throws
 * for a guest's doing: refusals are negative {@link StoreStatus} codes.
 *
 * <p>Creating an entry charges the calling container (its quota for this scope, and for the global store its
 * tenant's quota too) and the store's capacity; updating an existing entry, whoever created it, charges nothing;
 * deleting one (storing 0) releases its creator's charge.
 */
public interface KeyValueStore {

    Scope scope();

    /**
     * Sets {@code key} to {@code value}; 0 deletes the entry.
     *
     * @return {@link StoreStatus#OK} or a negative {@link StoreStatus} code (then nothing changed)
     */
    int store(int key, int value);

    /**
     * @return the value of {@code key} as an unsigned number (0 to 2^32-1; 0 if absent), or a negative
     *         {@link StoreStatus} code ({@link StoreStatus#ERR_DETACHED})
     */
    long fetch(int key);

    /**
     * Adds {@code delta} to the value of {@code key} (absent counts as 0), modulo 2^32, atomically.
     *
     * @return the new value as an unsigned number, or a negative {@link StoreStatus} code (then nothing changed)
     */
    long addAndGet(int key, int delta);

    /**
     * Sets {@code key} to {@code desired} if its value is {@code expected} (absent counts as 0), atomically.
     *
     * @return the value before, as an unsigned number: the swap was done if and only if it equals
     *         {@code Integer.toUnsignedLong(expected)}; or a negative {@link StoreStatus} code (then nothing
     *         changed)
     */
    long compareAndExchange(int key, int expected, int desired);
}
