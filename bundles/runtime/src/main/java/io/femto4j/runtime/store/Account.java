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
    /** Entries this account created and still owns in its tenant's store. */
    final Counter tenantEntries;
    /** Entries this account created and still owns in the global store. */
    final Counter globalEntries;
    final SegmentedTable local;
    /** Read by every store operation, so a stale handle of an uninstalled container is refused. */
    volatile boolean attached = true;

    Account(ContainerId id, TenantAccount tenant, ContainerQuota quota) {
        this.id = id;
        this.tenant = tenant;
        this.quota = quota;
        this.tenantEntries = new Counter(quota.tenantEntries());
        this.globalEntries = new Counter(quota.globalEntries());
        // one segment: a local store is its container's alone, so lock striping buys little and costs ~160 bytes a
        // segment in every idle container
        this.local = new SegmentedTable(Scope.LOCAL, new Counter(quota.localEntries()), false, 1,
                ThreadLocalRandom.current().nextInt());
    }

    /** The container's own counter for entries it creates in a store of this scope; none for its local store. */
    Counter quotaFor(Scope scope) {
        return switch (scope) {
            case LOCAL -> null;
            case TENANT -> tenantEntries;
            case GLOBAL -> globalEntries;
        };
    }

    /** Rough heap bytes of the account itself and its counters, without the local store. */
    static final long FIXED_BYTES = 40 + 2 * (24 + 16);
}
