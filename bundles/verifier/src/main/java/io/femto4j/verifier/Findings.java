package io.femto4j.verifier;

import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics while the checks run; every check adds to it and none stops the others. */
final class Findings {
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private boolean anyError;

    void error(Diagnostic.Code code, int index, String message) {
        diagnostics.add(new Diagnostic(code, Diagnostic.Severity.ERROR, index, message));
        anyError = true;
    }

    void warning(Diagnostic.Code code, int index, String message) {
        diagnostics.add(new Diagnostic(code, Diagnostic.Severity.WARNING, index, message));
    }

    boolean hasErrors() {
        return anyError;
    }

    /** All findings, program-level first, then by instruction index. */
    List<Diagnostic> sorted() {
        List<Diagnostic> out = new ArrayList<>(diagnostics);
        out.sort(Diagnostic.BY_INDEX);
        return out;
    }
}
