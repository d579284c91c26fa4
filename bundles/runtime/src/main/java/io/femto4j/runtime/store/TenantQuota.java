package io.femto4j.runtime.store;

/**
 * Most entries one tenant's containers may own together.
 *
 * @param tenantEntries capacity of the tenant's store
 * @param globalEntries entries its containers may own in the global store, all together
 */
public record TenantQuota(int tenantEntries, int globalEntries) {

    public TenantQuota {
        StoreConfig.checkCount("tenantEntries", tenantEntries);
        StoreConfig.checkCount("globalEntries", globalEntries);
    }
}
