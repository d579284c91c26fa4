package io.femto4j.hooks;

import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.store.ContainerId;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hooks of every device (an OSGi service). Containers are installed in a device's runtime for a hook
 * ({@link #spec} gives the {@link HookSpec} to install with), then attached here to that hook's chain.
 */
public interface HookManager {
    /** {@code order} for {@link #attach}: after everything in the chain. */
    int APPEND = -1;

    /** The spec of a hook whose provider is present. */
    Optional<HookSpec> spec(String hook);

    /** Names of the hooks whose providers are present. */
    List<String> hookNames();

    /**
     * Puts an installed container into the chain of the hook it was installed for, on {@code device}, and
     * attaches it in the runtime (at once, or when the hook's provider arrives).
     *
     * @param order      its place (0 and up), or {@link #APPEND}
     * @param parameters per-attachment settings of the hook ({@link Attachment#parameters()})
     * @throws IllegalArgumentException unknown device or container, bad order
     * @throws IllegalStateException    already in the chain, or installed for a different version of the hook
     */
    Attachment attach(String device, ContainerId container, ChainPolicy policy, int order,
                      Map<String, String> parameters);

    /** Takes a container out of its chain and detaches it in the runtime. False if it was in no chain. */
    boolean detach(String device, ContainerId container);

    /**
     * Fires a hook by hand with the event its provider builds from {@code arguments}.
     *
     * @throws IllegalArgumentException unknown device, hook without provider, bad arguments
     */
    ChainResult trigger(String device, String hook, List<String> arguments);

    /** Fires a hook with a given event. */
    ChainResult trigger(String device, String hook, Invocation invocation);

    /** Every hook with a provider on every device, and every chain whose provider is gone. */
    List<HookStatus> hooks();
}
