package io.femto4j.runtime;

import io.femto4j.runtime.store.TenantId;

import java.util.Objects;
import java.util.Set;

/**
 * A party that deploys containers: which hooks they may attach to, which helpers they may call, and how much of
 * the device they may take. A container may call a helper only if both its tenant and its hook allow it.
 *
 * @param id             the tenant's name
 * @param hooks          hook names its containers may use; {@link #ANY_HOOK} alone allows every hook
 * @param helpers        helper numbers its containers may call
 * @param quotas         its limits
 */
public record Tenant(TenantId id, Set<String> hooks, Set<Integer> helpers, Quotas quotas) {
    /** In {@link #hooks()}: every hook. */
    public static final String ANY_HOOK = "*";

    /**
     * A tenant's limits, all checked at install (and replace) time.
     *
     * @param containers   most containers installed at once
     * @param memoryBytes  most bytes its installed containers take together (see {@link ContainerInfo#memoryBytes})
     * @param storeEntries most entries its containers may own in its tenant store, and (separately) in the
     *                     global store
     */
    public record Quotas(int containers, long memoryBytes, int storeEntries) {
        public Quotas {
            if (containers < 0 || memoryBytes < 0 || storeEntries < 0) {
                throw new IllegalArgumentException("quotas must not be negative");
            }
        }

        /** 16 containers, 64 KiB, 512 store entries. */
        public static Quotas defaults() {
            return new Quotas(16, 64 * 1024, 512);
        }
    }

    public Tenant {
        Objects.requireNonNull(id, "id");
        hooks = Set.copyOf(hooks);
        helpers = Set.copyOf(helpers);
        Objects.requireNonNull(quotas, "quotas");
    }

    /** A tenant allowed every hook and helper, with default quotas. */
    public static Tenant trusted(String id) {
        return new Tenant(TenantId.of(id), Set.of(ANY_HOOK), HelperNumbers.ALL, Quotas.defaults());
    }

    public boolean allowsHook(String hook) {
        return hooks.contains(ANY_HOOK) || hooks.contains(hook);
    }

    public Tenant withQuotas(Quotas q) {
        return new Tenant(id, hooks, helpers, q);
    }
}
