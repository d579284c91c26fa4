package io.femto4j.runtime.store;

import java.util.List;

/** Read-only view of a table for the host. */
final class TableView implements StoreView {

    private final SegmentedTable table;
    /** Owner reported for entries of a local table, which records none per entry. */
    private final ContainerId localOwner;

    TableView(SegmentedTable table, ContainerId localOwner) {
        this.table = table;
        this.localOwner = localOwner;
    }

    @Override
    public Scope scope() {
        return table.scope;
    }

    @Override
    public long fetch(int key) {
        return Integer.toUnsignedLong(table.fetch(key));
    }

    @Override
    public int size() {
        return table.size();
    }

    @Override
    public int capacity() {
        return table.capacity.limit();
    }

    @Override
    public List<StoreEntry> snapshot(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
        return table.snapshot(limit, localOwner);
    }

    @Override
    public long estimatedBytes() {
        return table.estimatedBytes();
    }
}
