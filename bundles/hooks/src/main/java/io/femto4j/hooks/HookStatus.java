package io.femto4j.hooks;

import io.femto4j.runtime.ContainerState;

import java.util.List;

/**
 * A hook on a device as {@code fc:hooks} shows it.
 *
 * @param device        device name
 * @param hook          hook name
 * @param providerGone  true when containers are attached to a hook whose provider has left; they are detached in
 *                      the runtime until it comes back
 * @param contextLayout the provider's context layout (the last one known when it is gone)
 * @param details       the provider's line about this device ("" when gone)
 * @param chain         the attachments in run order, with the runtime state of each container
 */
public record HookStatus(String device, String hook, boolean providerGone, String contextLayout, String details,
                         List<Entry> chain) {

    /**
     * @param attachment the attachment
     * @param state      the container's runtime state (null if it was uninstalled behind the manager's back)
     * @param note       why it is not attached, or ""
     */
    public record Entry(Attachment attachment, ContainerState state, String note) {
    }

    public HookStatus {
        chain = List.copyOf(chain);
    }
}
