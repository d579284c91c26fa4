package io.femto4j.runtime.store;

/**
 * Entries a container owns in each scope, against its quota.
 *
 * @param localEntries  entries in its local store
 * @param tenantEntries entries it created and still owns in its tenant's store
 * @param globalEntries entries it created and still owns in the global store
 * @param quota         its limits
 */
public record ContainerUsage(int localEntries, int tenantEntries, int globalEntries, ContainerQuota quota) {
}
