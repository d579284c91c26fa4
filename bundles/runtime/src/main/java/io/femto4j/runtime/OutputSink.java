package io.femto4j.runtime;

import io.femto4j.runtime.store.ContainerId;

/**
 * Where the text a container prints goes (the host's log). Called once per run that printed, after the run,
 * on the thread that ran it, with at most {@link ContainerRuntime#PRINTF_OUTPUT_LIMIT} characters.
 */
@FunctionalInterface
public interface OutputSink {

    void print(ContainerId container, String text);

    /** Drops everything. */
    static OutputSink discard() {
        return (c, t) -> { };
    }
}
