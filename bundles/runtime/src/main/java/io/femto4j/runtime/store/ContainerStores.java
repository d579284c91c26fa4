package io.femto4j.runtime.store;

/**
 * The stores one attached container uses, each charging that container: what its helpers hold. Obtained from
 * {@link StoreService#attach}; after {@link StoreService#detach} every operation answers
 * {@link StoreStatus#ERR_DETACHED}.
 */
public final class ContainerStores {

    private final Account account;
    private final KeyValueStore local;
    private final KeyValueStore tenant;
    private final KeyValueStore global;

    ContainerStores(Account account, SegmentedTable global) {
        this.account = account;
        this.local = BoundStore.local(account);
        this.tenant = new BoundStore(account.tenant.store, account);
        this.global = new BoundStore(global, account);
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
        return local;
    }

    /** The store shared by the containers of its tenant. */
    public KeyValueStore tenant() {
        return tenant;
    }

    /** The store shared by all containers. */
    public KeyValueStore global() {
        return global;
    }

    public KeyValueStore store(Scope scope) {
        return switch (scope) {
            case LOCAL -> local;
            case TENANT -> tenant;
            case GLOBAL -> global;
        };
    }

    /**
     * Entries it owns now. After detach the local count is 0 and the shared counts only tell how many of the
     * entries it created still exist: they are charged to its tenant, no longer to it.
     */
    public ContainerUsage usage() {
        return new ContainerUsage(account.localEntries.used(), account.tenantEntries.used(),
                account.globalEntries.used(), account.quota);
    }

    Account account() {
        return account;
    }

    @Override
    public String toString() {
        return "stores of " + account.id + " (tenant " + account.tenant.id + ")";
    }
}
