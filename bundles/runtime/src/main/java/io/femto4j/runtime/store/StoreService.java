package io.femto4j.runtime.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key-value stores of one platform (one device): a global store, one store per tenant, one local store per
 * attached container, and the quotas that keep any container or tenant from filling a shared store for the others.
 *
 * <h2>Life cycle</h2>
 * The runtime {@link #attach}es a container when it is installed and hands the returned {@link ContainerStores}
 * to its helpers; it {@link #detach}es it when it is uninstalled. A tenant comes into being with its first
 * container (or with {@link #configureTenant}) and lasts until {@link #removeTenant}, so tenant data survives the
 * redeployment of all its containers.
 *
 * <h2>Quota rules</h2>
 * <ul>
 * <li>Every entry has an owner: the container that created it, i.e. its first writer (in a local store, the
 * container itself). Creating an entry charges one unit to each limit it counts against, all or nothing:
 * <ul>
 * <li>local store: the container's local quota (the local store's capacity), else
 * {@link StoreStatus#ERR_CONTAINER_QUOTA};</li>
 * <li>tenant store: the container's tenant-store quota ({@code ERR_CONTAINER_QUOTA}), then the tenant store's
 * capacity, the tenant's quota ({@code ERR_TENANT_QUOTA});</li>
 * <li>global store: the container's global quota ({@code ERR_CONTAINER_QUOTA}), its tenant's global quota
 * ({@code ERR_TENANT_QUOTA}), the global capacity ({@code ERR_STORE_FULL}).</li>
 * </ul></li>
 * <li>Updating an existing entry charges nothing, whoever owns it: shared stores are shared for writing.</li>
 * <li>Storing 0 deletes the entry (a missing key reads as 0 anyway) and releases every charge of its owner; a
 * later write creates it anew, owned by that writer.</li>
 * <li>On uninstall ({@link #detach}) the container's local store is dropped. The entries it created in the tenant
 * and global stores stay (other containers may be reading them, and an update of the container expects them),
 * still charged to its tenant and to the stores' capacities, so a tenant cannot escape its quota by redeploying.
 * The container's own charge ends with it: a container attached again under the same id starts with an empty
 * quota and does not own the old entries (it can still update or delete them). A tenant reclaims the space by
 * storing 0 over the entries, or the operator by {@link #removeTenant}.</li>
 * </ul>
 * Limits can be changed at run time ({@link #configureTenant}); lowering one below the current use evicts
 * nothing, it only refuses creations until deletions bring the use down.
 *
 * <h2>Memory</h2>
 * Every store is a {@code SegmentedTable}: up to 16 lock-striped open-addressing segments of {@code long} slots
 * ({@code key << 32 | value}), plus a parallel array of owner references in shared stores. A segment grows by
 * doubling above 3/4 load and halves below 1/8, so the memory follows the live entries, and the capacity bounds
 * them. Per entry (64-bit JVM, compressed oops): 8 bytes of slot, 12 with the owner reference, at a load between
 * 3/8 and 3/4 while a store fills, so about 11 to 21 bytes per local entry and 16 to 32 per shared entry. Fixed
 * costs: about 100 bytes per segment with its lock and minimum arrays of 8 slots (a local store has 1 segment,
 * made at its container's first use of it; the default global store 16), and about 80 bytes per attached container (its
 * account and handle), plus about 50 bytes for each store it has used (its handle and quota counter, made at the
 * first use). {@link StoreView#estimatedBytes()} computes this from the live structure.
 */
public final class StoreService {

    private final StoreConfig config;
    private final SegmentedTable global;
    private final StoreView globalView;
    private final Map<ContainerId, ContainerStores> containers = new ConcurrentHashMap<>();
    private final Map<TenantId, TenantAccount> tenants = new ConcurrentHashMap<>();

    public StoreService() {
        this(StoreConfig.defaults());
    }

    public StoreService(StoreConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.global = new SegmentedTable(Scope.GLOBAL, new Counter(config.globalCapacity()), true);
        this.globalView = new TableView(global, null);
    }

    public StoreConfig config() {
        return config;
    }

    /** Attaches a container with the default container quota. */
    public ContainerStores attach(ContainerId container, TenantId tenant) {
        return attach(container, tenant, config.containerQuota());
    }

    /**
     * Attaches an installed container: creates its empty local store, and its tenant if new.
     *
     * @throws IllegalStateException if a container with this id is attached already
     */
    public synchronized ContainerStores attach(ContainerId container, TenantId tenant, ContainerQuota quota) {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(quota, "quota");
        if (containers.containsKey(container)) {
            throw new IllegalStateException("container " + container + " is attached already");
        }
        TenantAccount owner = tenants.computeIfAbsent(tenant, id -> new TenantAccount(id, config.tenantQuota()));
        ContainerStores stores = new ContainerStores(new Account(container, owner, quota), global);
        owner.attachedContainers++;
        containers.put(container, stores);
        return stores;
    }

    /**
     * Detaches an uninstalled container: drops its local store and refuses its handle from now on (a run still
     * in progress gets {@link StoreStatus#ERR_DETACHED}). Its tenant and global entries stay, charged to its
     * tenant (see the class comment).
     *
     * @return false if it was not attached
     */
    public synchronized boolean detach(ContainerId container) {
        ContainerStores stores = containers.remove(container);
        if (stores == null) {
            return false;
        }
        Account account = stores.account();
        account.attached = false;
        account.tenant.attachedContainers--;
        SegmentedTable local = account.localIfMade();
        if (local != null) {
            local.clear();
        }
        return true;
    }

    /** Sets a tenant's quota, creating the tenant if needed. Lowering a limit evicts nothing. */
    public synchronized void configureTenant(TenantId tenant, TenantQuota quota) {
        Objects.requireNonNull(quota, "quota");
        TenantAccount account = tenants.get(Objects.requireNonNull(tenant, "tenant"));
        if (account == null) {
            tenants.put(tenant, new TenantAccount(tenant, quota));
        } else {
            account.setQuota(quota);
        }
    }

    /**
     * Deletes a tenant: its store, and every global entry its containers created, releasing their charges.
     *
     * @return false if there was no such tenant
     * @throws IllegalStateException if some of its containers are still attached
     */
    public synchronized boolean removeTenant(TenantId tenant) {
        TenantAccount account = tenants.get(Objects.requireNonNull(tenant, "tenant"));
        if (account == null) {
            return false;
        }
        if (account.attachedContainers > 0) {
            throw new IllegalStateException("tenant " + tenant + " still has " + account.attachedContainers
                    + " attached container(s)");
        }
        global.purge(owner -> owner.tenant == account);
        account.store.clear();
        tenants.remove(tenant);
        return true;
    }

    /** The handle of an attached container. */
    public Optional<ContainerStores> stores(ContainerId container) {
        return Optional.ofNullable(containers.get(container));
    }

    public Set<ContainerId> containers() {
        return Set.copyOf(containers.keySet());
    }

    public Set<TenantId> tenants() {
        return Set.copyOf(tenants.keySet());
    }

    /** The global store, read-only. */
    public StoreView global() {
        return globalView;
    }

    /** A tenant's store, read-only. */
    public Optional<StoreView> tenant(TenantId tenant) {
        TenantAccount account = tenants.get(tenant);
        return account == null ? Optional.empty() : Optional.of(new TableView(account.store, null));
    }

    /** An attached container's local store, read-only. */
    public Optional<StoreView> local(ContainerId container) {
        ContainerStores stores = containers.get(container);
        return stores == null ? Optional.empty()
                : Optional.of(new TableView(stores.account().local(), container));
    }

    public Optional<ContainerUsage> usage(ContainerId container) {
        return stores(container).map(ContainerStores::usage);
    }

    public Optional<TenantUsage> usage(TenantId tenant) {
        TenantAccount account = tenants.get(tenant);
        if (account == null) {
            return Optional.empty();
        }
        synchronized (this) {
            return Optional.of(new TenantUsage(account.store.capacity.used(), account.globalEntries.used(),
                    account.attachedContainers, account.quota));
        }
    }

    /** Estimated heap bytes of every store and account (see the class comment for the structure). */
    public synchronized long estimatedBytes() {
        long bytes = global.estimatedBytes();
        for (TenantAccount tenant : tenants.values()) {
            bytes += TenantAccount.FIXED_BYTES + tenant.store.estimatedBytes();
        }
        for (ContainerStores stores : containers.values()) {
            SegmentedTable local = stores.account().localIfMade();
            bytes += stores.estimatedBytes() + stores.account().estimatedBytes()
                    + (local == null ? 0 : local.estimatedBytes());
        }
        return bytes;
    }
}
