package io.femto4j.runtime;

import io.femto4j.verifier.Diagnostic;

import java.util.List;
import java.util.Locale;

/**
 * Install or replace refused; nothing was changed. {@link #stage()} says which check failed, and for
 * {@link Stage#VERIFY} {@link #diagnostics()} lists the verifier's findings. No stack trace: the message is
 * the whole story.
 */
public final class InstallException extends Exception {
    private static final long serialVersionUID = 1L;

    /** The step that refused. */
    public enum Stage {
        /** Name taken, unknown tenant, hook not allowed, unknown entry function, wrong state. */
        REQUEST,
        /** The image could not be read (malformed ELF, rbf or raw bytecode). */
        LOAD,
        /** The verifier rejected the program. */
        VERIFY,
        /** A tenant quota would be exceeded. */
        QUOTA
    }

    private final Stage stage;
    private final transient List<Diagnostic> diagnostics;

    public InstallException(Stage stage, String message, List<Diagnostic> diagnostics) {
        super(message, null, false, false);
        this.stage = stage;
        this.diagnostics = List.copyOf(diagnostics);
    }

    public InstallException(Stage stage, String message) {
        this(stage, message, List.of());
    }

    public Stage stage() {
        return stage;
    }

    /** The verifier's findings (errors and warnings) for {@link Stage#VERIFY}, else empty. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /**
     * The refusal on one line, for shells, logs and web pages: the stage, the message and the verifier's first
     * diagnostic when there is one, e.g. {@code "verify: container x: program rejected ...; first: ..."}.
     */
    public String oneLine() {
        return stage.name().toLowerCase(Locale.ROOT) + ": " + getMessage().replace('\n', ' ')
                + (diagnostics.isEmpty() ? "" : "; first: " + diagnostics.get(0));
    }

    /** The message and one line per diagnostic. */
    public String describe() {
        StringBuilder s = new StringBuilder(getMessage());
        for (Diagnostic d : diagnostics) {
            s.append("\n  ").append(d);
        }
        return s.toString();
    }
}
