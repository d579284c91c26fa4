package io.femto4j.runtime.store;

import java.util.List;

/**
 * Read-only access to one store for the host: shells, monitoring, tests. Writing takes a container (the owner to
 * charge), so it goes through {@link ContainerStores}.
 */
public interface StoreView {

    Scope scope();

    /** The value of {@code key} as an unsigned number, 0 if absent. */
    long fetch(int key);

    /** Live entries. */
    int size();

    /** Most entries this store may hold. */
    int capacity();

    /**
     * Up to {@code limit} entries, sorted by unsigned key; compare with {@link #size()} to tell whether the list
     * was truncated. Each part of the store is copied under its lock, so the whole is not one atomic snapshot
     * while writers run.
     */
    List<StoreEntry> snapshot(int limit);

    /** Estimated heap bytes of the store (see {@link StoreService} for the structure). */
    long estimatedBytes();
}
