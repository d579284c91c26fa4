package io.femto4j.board;

import java.util.Locale;
import java.util.Objects;

/**
 * When a device compiles a container to JVM bytecode rather than interpreting it: {@link Mode#NEVER} (the
 * interpreter: start-up in microseconds), {@link Mode#ALWAYS} (compiled at install: about a millisecond more, then
 * several times faster per run) or {@link Mode#AFTER} {@code compileAfterRuns} runs (interpreted until the container
 * proves to run often). Written {@code never}, {@code always} or {@code after:N}, as in a device's configuration
 * ({@code compile}) and {@code fc:install --compile}.
 *
 * @param mode             when to compile
 * @param compileAfterRuns for {@link Mode#AFTER}, the interpreted runs before the compiled ones; else 0
 */
public record EnginePolicy(Mode mode, long compileAfterRuns) {

    public enum Mode { NEVER, ALWAYS, AFTER }

    public static final EnginePolicy NEVER = new EnginePolicy(Mode.NEVER, 0);
    public static final EnginePolicy ALWAYS = new EnginePolicy(Mode.ALWAYS, 0);

    public EnginePolicy {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.AFTER ? compileAfterRuns < 0 : compileAfterRuns != 0) {
            throw new IllegalArgumentException(mode == Mode.AFTER
                    ? "compile after a negative number of runs: " + compileAfterRuns
                    : "only 'after' takes a number of runs");
        }
    }

    /** Compile on run {@code runs + 1}. */
    public static EnginePolicy after(long runs) {
        return new EnginePolicy(Mode.AFTER, runs);
    }

    /**
     * {@code never}, {@code always} or {@code after:N} (N from 0; case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static EnginePolicy parse(String text) {
        String t = Objects.requireNonNull(text, "text").trim().toLowerCase(Locale.ROOT);
        if (t.equals("never")) {
            return NEVER;
        }
        if (t.equals("always")) {
            return ALWAYS;
        }
        if (t.startsWith("after:")) {
            String digits = t.substring("after:".length()).trim();
            // digits only, at most 18 of them: no sign, no overflow
            if (!digits.isEmpty() && digits.length() <= 18 && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return after(Long.parseLong(digits));
            }
        }
        throw new IllegalArgumentException("compile policy '" + text + "' is not never, always or after:N"
                + " (N a number of runs, 0 to 999999999999999999)");
    }

    /** The written form {@link #parse} reads. */
    @Override
    public String toString() {
        return mode == Mode.AFTER ? "after:" + compileAfterRuns : mode.name().toLowerCase(Locale.ROOT);
    }
}
