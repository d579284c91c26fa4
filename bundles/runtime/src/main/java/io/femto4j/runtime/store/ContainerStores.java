package io.femto4j.runtime.store;

/**
 * The stores one attached container uses, each charging that container: what its helpers hold. Obtained from
 * {@link StoreService#attach}; after {@link StoreService#detach} every operation answers
 * {@link StoreStatus#ERR_DETACHED}.
 */
public final class ContainerStores {

    private final Account account;
    private final SegmentedTable globalTable;
    // The handles, each made at its first use: most containers use one store or none. A race makes two equal
    // handles, one of them kept; BoundStore's fields are final, so a handle read without a lock is complete.
    private KeyValueStore local;
    private KeyValueStore tenant;
    private KeyValueStore global;

    ContainerStores(Account account, SegmentedTable global) {
        this.account = account;
        this.globalTable = global;
    }

    public ContainerId containerId() {
        return account.id;
    }

    public TenantId tenantId() {
        return account.tenant.id;
    }

    public boolean attached() {
        return account.attached;
    }

    /** The container's own store. */
    public KeyValueStore local() {
        KeyValueStore store = local;
        return store != null ? store : (local = BoundStore.local(account));
    }

    /** The store shared by the containers of its tenant. */
    public KeyValueStore tenant() {
        KeyValueStore store = tenant;
        return store != null ? store : (tenant = new BoundStore(account.tenant.store, account));
    }

    /** The store shared by all containers. */
    public KeyValueStore global() {
        KeyValueStore store = global;
        return store != null ? store : (global = new BoundStore(globalTable, account));
    }

    public KeyValueStore store(Scope scope) {
        return switch (scope) {
            case LOCAL -> local();
            case TENANT -> tenant();
            case GLOBAL -> global();
        };
    }

    /**
     * Entries it owns now. After detach the local count is 0 and the shared counts only tell how many of the
     * entries it created still exist: they are charged to its tenant, no longer to it.
     */
    public ContainerUsage usage() {
        return new ContainerUsage(account.used(Scope.LOCAL), account.used(Scope.TENANT), account.used(Scope.GLOBAL),
                account.quota);
    }

    /** Rough heap bytes of this handle and the store handles made so far. */
    long estimatedBytes() {
        return 32 + 24L * ((local != null ? 1 : 0) + (tenant != null ? 1 : 0) + (global != null ? 1 : 0));
    }

    Account account() {
        return account;
    }

    @Override
    public String toString() {
        return "stores of " + account.id + " (tenant " + account.tenant.id + ")";
    }
}
