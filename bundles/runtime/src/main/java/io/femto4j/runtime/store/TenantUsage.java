package io.femto4j.runtime.store;

/**
 * Entries a tenant's containers own together, against the tenant's quota.
 *
 * @param tenantEntries      entries in the tenant's store
 * @param globalEntries      global entries created by its containers, attached or since uninstalled
 * @param attachedContainers its containers attached now
 * @param quota              its limits
 */
public record TenantUsage(int tenantEntries, int globalEntries, int attachedContainers, TenantQuota quota) {
}
