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

    /**
     * One line per run (container, r0 or the fault, instructions, host time, and what it printed), and whether the
     * policy stopped the chain; "no container ran" when none did. The shell's {@code fc:trigger} and the web
     * console show this.
     */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (runs.isEmpty()) {
            out.append("no container ran");
        }
        for (RunResult r : runs) {
            out.append(r.container()).append(": ");
            if (r.returned()) {
                out.append("r0=").append(r.r0()).append(" (0x").append(Long.toHexString(r.r0())).append(')');
            } else {
                out.append("fault ").append(r.faultCause().map(Enum::name).orElse("?")).append(": ")
                        .append(r.fault().map(Object::toString).orElse(""));
            }
            out.append(", ").append(r.instructions()).append(" instructions, ")
                    .append(r.hostNanos() / 1000).append(" us");
            if (!r.output().isEmpty()) {
                out.append("\n  printed: ").append(r.output().strip());
            }
            out.append('\n');
        }
        if (aborted) {
            out.append("chain stopped by policy\n");
        }
        return out.toString().stripTrailing();
    }
}
