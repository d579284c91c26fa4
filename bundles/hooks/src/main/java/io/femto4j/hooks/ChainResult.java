package io.femto4j.hooks;

import io.femto4j.runtime.RunResult;

import java.util.List;

/**
 * What one firing of a hook did.
 *
 * @param runs    one result per container run, in chain order (faults are results too)
 * @param aborted whether a container's policy stopped the chain before every attached container had run
 */
public record ChainResult(List<RunResult> runs, boolean aborted) {
    public static final ChainResult NOTHING_RUN = new ChainResult(List.of(), false);

    public ChainResult {
        runs = List.copyOf(runs);
    }
}
