package io.femto4j.verifier;

import java.util.List;

/** The verifier's verdict: a program that may run, or the reasons it may not. */
public sealed interface Verification {

    /** All diagnostics, errors and warnings, in program order. */
    List<Diagnostic> diagnostics();

    /** The program passed; {@code diagnostics} holds only warnings. */
    record Accepted(VerifiedProgram program, List<Diagnostic> diagnostics) implements Verification {
        public Accepted {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /** The program failed; {@code diagnostics} holds at least one error. */
    record Rejected(List<Diagnostic> diagnostics) implements Verification {
        public Rejected {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /** The verified program, or {@link VerificationException} listing the errors. */
    default VerifiedProgram orThrow() throws VerificationException {
        if (this instanceof Accepted accepted) {
            return accepted.program();
        }
        throw new VerificationException(diagnostics());
    }
}
