package io.femto4j.runtime.store;

/**
 * Status codes the store operations return, and the helpers pass on to the guest in r0. The SDK header
 * {@code sdk/include/femto4j.h} mirrors them as {@code FEMTO_STORE_*}: keep both in step.
 *
 * <p>Zero is success and every error is negative, so a guest tests {@code if (status < 0)}. A failing store
 * operation changes nothing. Operations never throw for a guest's doing: a full store or an exhausted quota is an
 * answer to the guest, not a host failure.
 */
public final class StoreStatus {

    /** The operation was done. */
    public static final int OK = 0;

    /**
     * The container's own quota for this scope is used up: it owns as many entries as it may (for the local store,
     * its local store is full). Updating an existing key, or storing 0, still works.
     */
    public static final int ERR_CONTAINER_QUOTA = -1;

    /**
     * The tenant's quota is used up: its containers together own as many global entries as the tenant may, or the
     * tenant store is full.
     */
    public static final int ERR_TENANT_QUOTA = -2;

    /** The global store holds as many entries as the platform allows, whoever owns them. */
    public static final int ERR_STORE_FULL = -3;

    /** The container was uninstalled: the handle it ran with is no longer attached to any store. */
    public static final int ERR_DETACHED = -4;

    private StoreStatus() {
    }

    /** True for the error codes above (any negative value). */
    public static boolean isError(long status) {
        return status < 0;
    }

    /** A short English name for a status, for logs and shells. */
    public static String describe(long status) {
        if (status >= 0) {
            return "ok";
        }
        return switch ((int) status) {
            case ERR_CONTAINER_QUOTA -> "container quota exceeded";
            case ERR_TENANT_QUOTA -> "tenant quota exceeded";
            case ERR_STORE_FULL -> "store full";
            case ERR_DETACHED -> "container detached";
            default -> "unknown store error " + status;
        };
    }
}
