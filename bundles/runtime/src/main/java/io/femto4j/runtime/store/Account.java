package io.femto4j.runtime.store;

import java.util.concurrent.ThreadLocalRandom;

/**
 * One attachment of a container: its quota counters, its local store, and whether it is still installed.
 *
 * <p>Entries of the shared stores point at the account that created them. When the container is uninstalled the
 * account is marked detached and forgotten by the service; entries it created keep pointing at it, so deleting
 * one later still releases the right tenant's charge. A new attachment under the same id gets a new account: the
 * old entries are no longer charged to the container.
 */
final class Account {

    final ContainerId id;
    final TenantAccount tenant;
    final ContainerQuota quota;
    // The counters are made when the store they count is first used, under this account's lock, once each (so no
    // count is ever split between two): most containers use one store or none. Until then the count is 0.
    /** Entries this account created and still owns in its tenant's store. */
    private volatile Counter tenantEntries;
    /** Entries this account created and still owns in the global store. */
    private volatile Counter globalEntries;
    /** Entries in its local store, against the store's capacity: the table's counter, made with it. */
    private volatile Counter localEntries;
    /** Made at the first operation on it: most containers never use their local store. */
    private volatile SegmentedTable local;
    /** Read by every store operation, so a stale handle of an uninstalled container is refused. */
    volatile boolean attached = true;

    Account(ContainerId id, TenantAccount tenant, ContainerQuota quota) {
        this.id = id;
        this.tenant = tenant;
        this.quota = quota;
    }

    /** The local store, made now if it was not (by any of its container's concurrent runs, once). */
    SegmentedTable local() {
        SegmentedTable table = local;
        if (table == null) {
            synchronized (this) {
                table = local;
                if (table == null) {
                    // one segment: a local store is its container's alone, so lock striping buys little and costs
                    // ~160 bytes a segment
                    localEntries = new Counter(quota.localEntries());
                    local = table = new SegmentedTable(Scope.LOCAL, localEntries, false, 1,
                            ThreadLocalRandom.current().nextInt());
                }
            }
        }
        return table;
    }

    /** The local store if it was made, else null. */
    SegmentedTable localIfMade() {
        return local;
    }

    /** The container's own counter for entries it creates in a store of this scope; none for its local store. */
    Counter quotaFor(Scope scope) {
        if (scope == Scope.LOCAL) {
            return null;
        }
        Counter counter = made(scope);
        return counter != null ? counter : sharedCounter(scope);
    }

    /** The counter of the store of {@code scope}, or null before the container used that store. */
    private Counter made(Scope scope) {
        return switch (scope) {
            case LOCAL -> localEntries;
            case TENANT -> tenantEntries;
            case GLOBAL -> globalEntries;
        };
    }

    private synchronized Counter sharedCounter(Scope scope) {
        if (scope == Scope.TENANT) {
            if (tenantEntries == null) {
                tenantEntries = new Counter(quota.tenantEntries());
            }
            return tenantEntries;
        }
        if (globalEntries == null) {
            globalEntries = new Counter(quota.globalEntries());
        }
        return globalEntries;
    }

    /** Entries it owns now in its store of {@code scope} (0 before it used that store). */
    int used(Scope scope) {
        Counter counter = made(scope);
        return counter == null ? 0 : counter.used();
    }

    /** Rough heap bytes of the account itself, without counters and local store. */
    static final long FIXED_BYTES = 48;
    /** Rough heap bytes of one counter. */
    static final long COUNTER_BYTES = 24;

    /** Rough heap bytes of the account and the counters made so far, without the local store. */
    long estimatedBytes() {
        return FIXED_BYTES + COUNTER_BYTES * ((tenantEntries != null ? 1 : 0) + (globalEntries != null ? 1 : 0)
                + (localEntries != null ? 1 : 0));
    }
}
