package io.femto4j.hooks;

import io.femto4j.runtime.store.ContainerId;

import java.util.Map;
import java.util.Objects;

/**
 * A container in a hook's chain on one device.
 *
 * @param device     the device's name
 * @param hook       the hook's name (the one the container was installed for)
 * @param container  the container
 * @param order      its place: the chain runs in ascending order, equal orders in the order they were attached
 * @param policy     what its result does to the rest of the chain
 * @param parameters per-attachment settings the hook's provider reads (e.g. the timer's {@code period} in ms), and
 *                   {@link #BUDGET} for every hook
 */
public record Attachment(String device, String hook, ContainerId container, int order, ChainPolicy policy,
                         Map<String, String> parameters) {
    /** Parameter: most instructions per run of this container (default: the runtime's). */
    public static final String BUDGET = "budget";

    public Attachment {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(policy, "policy");
        parameters = Map.copyOf(parameters);
    }

    /** A numeric parameter, or {@code fallback} when it is absent. */
    public long longParameter(String name, long fallback) {
        String value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter " + name + " of " + container + " is not a number: " + value);
        }
    }
}
