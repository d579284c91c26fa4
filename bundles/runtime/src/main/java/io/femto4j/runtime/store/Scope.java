package io.femto4j.runtime.store;

/** Who shares a key-value store. */
public enum Scope {
    /** One store per container, seen by that container only; dropped when the container is uninstalled. */
    LOCAL,
    /** One store per tenant, shared by that tenant's containers; kept while the tenant exists. */
    TENANT,
    /** One store per platform, shared by every container of every tenant. */
    GLOBAL
}
