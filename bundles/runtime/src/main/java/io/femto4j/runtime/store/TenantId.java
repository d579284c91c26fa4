package io.femto4j.runtime.store;

import java.util.Objects;

/** Name of a tenant: the party that deploys containers and owns their shared data. */
public record TenantId(String name) {

    public TenantId {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tenant id must not be blank");
        }
    }

    public static TenantId of(String name) {
        return new TenantId(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
