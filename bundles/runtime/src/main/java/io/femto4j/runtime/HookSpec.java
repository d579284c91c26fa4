package io.femto4j.runtime;

import java.util.Objects;
import java.util.Set;

/**
 * What a hook gives the containers attached to it: a context of at most {@code contextSize} bytes (r1 points to
 * it, r2 is its length), read-only or writable, and the helpers they may call. The hook manager of the platform
 * builds these from its hook providers; the runtime only needs the record.
 *
 * @param name            unique hook name, e.g. "sched"
 * @param contextSize     most context bytes a run gets (0 to 1 MiB); a longer context is a host error
 * @param readOnlyContext whether containers may only read the context
 * @param helpers         helper numbers containers on this hook may call (intersected with their tenant's)
 */
public record HookSpec(String name, int contextSize, boolean readOnlyContext, Set<Integer> helpers) {
    /** Largest context a hook may declare. */
    public static final int MAX_CONTEXT_SIZE = 1 << 20;

    public HookSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("hook name must not be blank");
        }
        if (contextSize < 0 || contextSize > MAX_CONTEXT_SIZE) {
            throw new IllegalArgumentException("hook " + name + ": context size must be 0 to " + MAX_CONTEXT_SIZE);
        }
        helpers = Set.copyOf(helpers);
    }
}
