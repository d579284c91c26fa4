package io.femto4j.runtime.store;

/**
 * Most entries one container may own in each scope. An entry is owned by the container that created it (its
 * first writer); updating an entry someone else created costs nothing. Limits are counts of entries, not bytes:
 * every entry has the same size.
 *
 * @param localEntries  capacity of the container's local store
 * @param tenantEntries entries it may create in its tenant's store
 * @param globalEntries entries it may create in the global store
 */
public record ContainerQuota(int localEntries, int tenantEntries, int globalEntries) {

    public ContainerQuota {
        StoreConfig.checkCount("localEntries", localEntries);
        StoreConfig.checkCount("tenantEntries", tenantEntries);
        StoreConfig.checkCount("globalEntries", globalEntries);
    }
}
