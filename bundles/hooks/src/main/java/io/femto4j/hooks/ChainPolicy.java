package io.femto4j.hooks;

import io.femto4j.runtime.RunResult;

import java.util.Locale;

/**
 * What an attached container's result does to the rest of its hook's chain: upstream Femto-Containers'
 * four hook policies. The result is read as the C {@code int} the SDK's hook functions return (the low 32 bits
 * of r0, signed), so {@code return -1;} is negative whether clang zero-extended it or not.
 *
 * <p>A run that faulted has no result: under {@link #ABORT_ON_NEGATIVE} and {@link #ABORT_ON_POSITIVE} the chain
 * goes on, because a faulting (possibly hostile) container must not be able to silence the containers after it;
 * {@link #SINGLE} stops the chain whatever happened.
 */
public enum ChainPolicy {
    /** Run the next container whatever the result. */
    CONTINUE,
    /** Stop the chain after a negative result. */
    ABORT_ON_NEGATIVE,
    /** Stop the chain after a positive result. */
    ABORT_ON_POSITIVE,
    /** This container is the last one run: stop the chain after it. */
    SINGLE;

    /** Whether the chain stops after {@code run}. */
    public boolean stopsAfter(RunResult run) {
        if (this == SINGLE) {
            return true;
        }
        if (this == CONTINUE || !run.returned()) {
            return false;
        }
        int result = (int) run.r0();
        return this == ABORT_ON_NEGATIVE ? result < 0 : result > 0;
    }

    /** The name used by the commands: {@code continue}, {@code abort-on-negative}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads a {@link #label()} or constant name, case-insensitively; also {@code negative}/{@code positive}. */
    public static ChainPolicy parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        switch (t) {
            case "NEGATIVE":
                return ABORT_ON_NEGATIVE;
            case "POSITIVE":
                return ABORT_ON_POSITIVE;
            default:
                for (ChainPolicy p : values()) {
                    if (p.name().equals(t)) {
                        return p;
                    }
                }
                throw new IllegalArgumentException("unknown policy '" + text
                        + "'; use continue, abort-on-negative, abort-on-positive or single");
        }
    }
}
