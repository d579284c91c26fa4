package io.femto4j.runtime.store;

/** A table seen by one container: operations charge that container and are refused once it is detached. */
final class BoundStore implements KeyValueStore {

    /** A shared table, or null for the writer's local table (made at its first use). */
    private final SegmentedTable shared;
    private final Account writer;

    BoundStore(SegmentedTable shared, Account writer) {
        this.shared = shared;
        this.writer = writer;
    }

    /** The writer's local store. */
    static BoundStore local(Account writer) {
        return new BoundStore(null, writer);
    }

    private SegmentedTable table() {
        return shared != null ? shared : writer.local();
    }

    @Override
    public Scope scope() {
        return shared != null ? shared.scope : Scope.LOCAL;
    }

    @Override
    public int store(int key, int value) {
        if (!writer.attached) {
            return StoreStatus.ERR_DETACHED;
        }
        return table().store(key, value, writer);
    }

    @Override
    public long fetch(int key) {
        if (!writer.attached) {
            return StoreStatus.ERR_DETACHED;
        }
        return Integer.toUnsignedLong(table().fetch(key));
    }

    @Override
    public long addAndGet(int key, int delta) {
        if (!writer.attached) {
            return StoreStatus.ERR_DETACHED;
        }
        return table().addAndGet(key, delta, writer);
    }

    @Override
    public long compareAndExchange(int key, int expected, int desired) {
        if (!writer.attached) {
            return StoreStatus.ERR_DETACHED;
        }
        return table().compareAndExchange(key, expected, desired, writer);
    }

    @Override
    public String toString() {
        return scope() + " store of " + writer.id;
    }
}
