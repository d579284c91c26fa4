package io.femto4j.runtime;

import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of a container's statistics since it was installed (replacing its image keeps them and counts
 * the {@code version}).
 *
 * @param runs            runs started
 * @param faults          runs that faulted
 * @param faultsByCause   faults per cause (causes never seen are absent)
 * @param lastFault       the latest fault, if any
 * @param instructions    instructions executed over all runs (faulted ones included)
 * @param hostNanos       host time spent in runs, helpers included
 * @param version         1 for the installed image, +1 per replace
 */
public record ContainerStats(long runs, long faults, Map<FaultCause, Long> faultsByCause,
                             Optional<FaultRecord> lastFault, long instructions, long hostNanos, int version) {
    public ContainerStats {
        faultsByCause = Map.copyOf(faultsByCause);
    }

    public long faults(FaultCause cause) {
        return faultsByCause.getOrDefault(cause, 0L);
    }
}
