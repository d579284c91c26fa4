package io.femto4j.hooks;

import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;

import java.util.List;

/**
 * A source of events containers can attach to. Register one as an OSGi service (whiteboard): the hook manager
 * opens a {@link HookPoint} on every device for it, and the provider fires those points when its event happens.
 * When the provider's service goes, its containers are detached (and kept); they are attached again when a
 * provider of the same hook comes back.
 *
 * <p>The callbacks come from the manager, one at a time, and must not block for long.
 */
public interface HookProvider {

    /** Name, context size, read-only flag and helpers of the hook. The name is unique on the platform. */
    HookSpec spec();

    /** The context's layout for people, e.g. {@code "femto_sched_ctx_t {uint64_t previous; uint64_t next}"}. */
    String contextLayout();

    /** The hook now exists on a device: start watching for its events there. */
    default void open(HookPoint point) {
    }

    /** The hook is gone from a device (device or provider leaving): stop firing it and drop its state. */
    default void close(HookPoint point) {
    }

    /**
     * A container joined the chain (e.g. to start its timer or publish its resource). When this comes from an
     * attach request, an exception (say an {@link IllegalArgumentException} for a bad parameter) refuses the
     * attachment and reaches the caller.
     */
    default void attached(HookPoint point, Attachment attachment) {
    }

    /** A container left the chain. */
    default void detached(HookPoint point, Attachment attachment) {
    }

    /**
     * The event {@code fc:trigger} fires by hand, from the command's arguments.
     *
     * @throws IllegalArgumentException naming the arguments expected
     */
    Invocation manualEvent(HookPoint point, List<String> arguments);

    /** One line about the hook on that device for {@code fc:hooks} (e.g. the CoAP server's address), or "". */
    default String describe(HookPoint point) {
        return "";
    }
}
