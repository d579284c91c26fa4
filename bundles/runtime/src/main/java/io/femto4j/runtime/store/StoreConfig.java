package io.femto4j.runtime.store;

import java.util.Objects;

/**
 * Sizes of a platform's stores.
 *
 * <p>A quota protects the others only if the limits below it add up to less than the store: with
 * {@code n} tenants, {@code n * tenantQuota.globalEntries <= globalCapacity} guarantees that no tenant can fill the
 * global store for the others. The service does not enforce that sum (tenants come and go); it always enforces
 * each limit.
 *
 * @param globalCapacity most entries in the global store, whoever owns them
 * @param containerQuota quota of a container attached without one of its own
 * @param tenantQuota    quota of a tenant not configured with one of its own
 */
public record StoreConfig(int globalCapacity, ContainerQuota containerQuota, TenantQuota tenantQuota) {

    /**
     * Largest count any limit may have. It bounds the memory of one store (about 32 MiB for a full store of this
     * size, see {@link StoreService}) and keeps the hash tables' slot indexes clear of the bits that pick a
     * segment.
     */
    public static final int MAX_ENTRIES = 1 << 20;

    public StoreConfig {
        checkCount("globalCapacity", globalCapacity);
        Objects.requireNonNull(containerQuota, "containerQuota");
        Objects.requireNonNull(tenantQuota, "tenantQuota");
    }

    /**
     * 4096 global entries; per tenant 512 in its store and 1024 in the global store (so four tenants at their
     * limit fill it); per container 256 local, 128 tenant and 256 global entries.
     */
    public static StoreConfig defaults() {
        return new StoreConfig(4096, new ContainerQuota(256, 128, 256), new TenantQuota(512, 1024));
    }

    public StoreConfig withGlobalCapacity(int capacity) {
        return new StoreConfig(capacity, containerQuota, tenantQuota);
    }

    public StoreConfig withContainerQuota(ContainerQuota quota) {
        return new StoreConfig(globalCapacity, quota, tenantQuota);
    }

    public StoreConfig withTenantQuota(TenantQuota quota) {
        return new StoreConfig(globalCapacity, containerQuota, quota);
    }

    static void checkCount(String what, int count) {
        if (count < 0 || count > MAX_ENTRIES) {
            throw new IllegalArgumentException(what + " must be 0 to " + MAX_ENTRIES + ": " + count);
        }
    }
}
