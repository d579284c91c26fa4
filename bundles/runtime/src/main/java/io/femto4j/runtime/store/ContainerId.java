package io.femto4j.runtime.store;

import java.util.Objects;

/**
 * Name of an installed container, as the stores know it. Two attachments with equal ids are the same container
 * (an update reuses the id).
 */
public record ContainerId(String name) {

    public ContainerId {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("container id must not be blank");
        }
    }

    public static ContainerId of(String name) {
        return new ContainerId(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
