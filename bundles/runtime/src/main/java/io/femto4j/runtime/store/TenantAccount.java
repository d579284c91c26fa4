package io.femto4j.runtime.store;

/** A tenant: its store, its charge in the global store, and how many of its containers are attached. */
final class TenantAccount {

    final TenantId id;
    /** Its store; the capacity counter of the table is the tenant's quota for that store. */
    final SegmentedTable store;
    /** Entries its containers (attached or not) own in the global store. */
    final Counter globalEntries;
    volatile TenantQuota quota;
    /** Guarded by the service's lock. */
    int attachedContainers;

    TenantAccount(TenantId id, TenantQuota quota) {
        this.id = id;
        this.quota = quota;
        this.store = new SegmentedTable(Scope.TENANT, new Counter(quota.tenantEntries()), true);
        this.globalEntries = new Counter(quota.globalEntries());
    }

    void setQuota(TenantQuota quota) {
        this.quota = quota;
        store.capacity.setLimit(quota.tenantEntries());
        globalEntries.setLimit(quota.globalEntries());
    }

    static final long FIXED_BYTES = 48 + 24 + 16;
}
