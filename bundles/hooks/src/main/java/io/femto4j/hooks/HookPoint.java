package io.femto4j.hooks;

import io.femto4j.board.Device;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.RunResult;
import io.femto4j.runtime.store.ContainerId;

import java.util.List;
import java.util.Optional;

/**
 * One hook on one device, as the hook manager hands it to the hook's provider: the provider fires it when its
 * event happens. Firing takes no lock and may happen on many threads at once. After
 * {@link HookProvider#close(HookPoint)} firing runs nothing.
 */
public interface HookPoint {

    Device device();

    HookSpec spec();

    /** The chain now, in run order. */
    List<Attachment> attachments();

    /**
     * Runs the attached containers in order until the chain ends or a policy stops it, each with
     * {@code invocation} (the same context: on a writable hook a container sees what earlier ones wrote, as
     * upstream) and its attachment's budget. Runs on the calling thread; each run is bounded by its budget.
     */
    ChainResult fire(Invocation invocation);

    /** Runs one attached container (e.g. the one a CoAP request names); empty when it is not in the chain. */
    Optional<RunResult> fire(ContainerId container, Invocation invocation);
}
