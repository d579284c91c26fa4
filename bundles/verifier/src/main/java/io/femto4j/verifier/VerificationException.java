package io.femto4j.verifier;

import java.util.List;

/** A program the verifier rejected. */
public final class VerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public VerificationException(List<Diagnostic> diagnostics) {
        super(summary(diagnostics));
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    private static String summary(List<Diagnostic> diagnostics) {
        StringBuilder s = new StringBuilder("program rejected");
        for (Diagnostic d : diagnostics) {
            if (d.severity() == Diagnostic.Severity.ERROR) {
                s.append("\n  ").append(d);
            }
        }
        return s.toString();
    }
}
