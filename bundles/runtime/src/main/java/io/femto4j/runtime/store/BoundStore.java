package io.femto4j.runtime.store;

/** A table seen by one container: operations charge that container and are refused once it is detached. */
final class BoundStore implements KeyValueStore {

    private final SegmentedTable table;
    private final Account writer;

    BoundStore(SegmentedTable table, Account writer) {
        this.table = table;
        this.writer = writer;
    }

    @Override
    public Scope scope() {
        return table.scope;
    }

    @Override
    public int store(int key, int value) {
        if (!writer.attached) {
            return StoreStatus.ERR_DETACHED;
        }
        return table.store(key, value, writer);
    }

    @Override
    public long fetch(int key) {
        if (!writer.attached) {
            return StoreStatus.ERR_DETACHED;
        }
        return Integer.toUnsignedLong(table.fetch(key));
    }

    @Override
    public long addAndGet(int key, int delta) {
        if (!writer.attached) {
            return StoreStatus.ERR_DETACHED;
        }
        return table.addAndGet(key, delta, writer);
    }

    @Override
    public long compareAndExchange(int key, int expected, int desired) {
        if (!writer.attached) {
            return StoreStatus.ERR_DETACHED;
        }
        return table.compareAndExchange(key, expected, desired, writer);
    }

    @Override
    public String toString() {
        return table.scope + " store of " + writer.id;
    }
}
