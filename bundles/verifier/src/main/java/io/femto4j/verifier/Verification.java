package io.femto4j.verifier;

import java.util.List;

/** The verifier's verdict: a program that may run, or the reasons it may not. */
public sealed interface Verification {

    /** All diagnostics, errors and warnings, sorted by instruction index (program-level ones first). */
    List<Diagnostic> diagnostics();

    /** The program passed; {@code diagnostics} holds only warnings. */
    record Accepted(VerifiedProgram program, List<Diagnostic> diagnostics) implements Verification {
        public Accepted {
            diagnostics = List.copyOf(diagnostics);
            if (diagnostics.stream().anyMatch(Diagnostic::isError)) {
                throw new IllegalArgumentException("an accepted program has no errors: " + diagnostics);
            }
        }
    }

    /** The program failed; {@code diagnostics} holds at least one error. */
    record Rejected(List<Diagnostic> diagnostics) implements Verification {
        public Rejected {
            diagnostics = List.copyOf(diagnostics);
            if (diagnostics.stream().noneMatch(Diagnostic::isError)) {
                throw new IllegalArgumentException("a rejected program has at least one error: " + diagnostics);
            }
        }
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /** The errors among the diagnostics. */
    default List<Diagnostic> errors() {
        return diagnostics().stream().filter(Diagnostic::isError).toList();
    }

    /** The warnings among the diagnostics. */
    default List<Diagnostic> warnings() {
        return diagnostics().stream().filter(d -> !d.isError()).toList();
    }

    /** The verified program, or {@link VerificationException} listing the errors. */
    default VerifiedProgram orThrow() throws VerificationException {
        if (this instanceof Accepted accepted) {
            return accepted.program();
        }
        throw new VerificationException(diagnostics());
    }
}
