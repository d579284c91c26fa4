package io.femto4j.runtime;

import io.femto4j.runtime.store.ContainerId;
import io.femto4j.vm.Fault;
import io.femto4j.vm.Outcome;

import java.util.Optional;

/**
 * How one run of a container ended.
 *
 * @param container       which container
 * @param outcome         r0, or the fault, and the instructions executed
 * @param hostNanos       host time of the run, helpers included
 * @param output          what the container printed ({@code bpf_printf}), at most
 *                        {@link ContainerRuntime#PRINTF_OUTPUT_LIMIT} characters
 * @param outputTruncated whether printing stopped at that limit
 */
public record RunResult(ContainerId container, Outcome outcome, long hostNanos, String output,
                        boolean outputTruncated) {

    public boolean returned() {
        return outcome instanceof Outcome.Returned;
    }

    /** r0 of a run that returned. */
    public long r0() {
        if (outcome instanceof Outcome.Returned r) {
            return r.r0();
        }
        throw new IllegalStateException("the run of " + container + " faulted: " + outcome);
    }

    /** The fault of a run that faulted. */
    public Optional<Fault> fault() {
        return outcome instanceof Outcome.Faulted f ? Optional.of(f.fault()) : Optional.empty();
    }

    public Optional<FaultCause> faultCause() {
        return fault().map(FaultCause::of);
    }

    public long instructions() {
        return outcome.instructions();
    }
}
