package io.femto4j.verifier;

import io.femto4j.isa.Program;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Assertions on verdicts: diagnostics are compared in their one-line form (location, severity, message, code). */
final class Expect {

    /** The policy of the corpus: everything allowed, helpers 0 to 5, strict, 512-byte frames, depth 8. */
    static final Policy POLICY = Policy.parse("helpers=0-5");

    private Expect() {
    }

    /** Verifies a program both as records and as bytecode; both paths must reach the same verdict. */
    static Verification verify(Program program, Policy policy) {
        Verification fromRecords = Verifier.verify(program, policy);
        Verification fromBytes = Verifier.verify(program.toBytes(), policy);
        assertEquals(fromRecords.diagnostics(), fromBytes.diagnostics(), "Program and byte[] verdicts differ");
        assertEquals(fromRecords.isAccepted(), fromBytes.isAccepted());
        return fromRecords;
    }

    static Verification verify(Program program) {
        return verify(program, POLICY);
    }

    /** Exactly these diagnostics, in this order. */
    static void diagnostics(Verification verdict, String... expected) {
        List<String> actual = verdict.diagnostics().stream().map(Diagnostic::toString).toList();
        if (!actual.equals(List.of(expected))) {
            fail("diagnostics differ; actual:\n" + actual.stream().map(s -> "\"" + s.replace("\"", "\\\"") + "\"")
                    .collect(Collectors.joining(",\n")));
        }
        boolean anyError = verdict.diagnostics().stream().anyMatch(Diagnostic::isError);
        assertEquals(!anyError, verdict.isAccepted(), "accepted exactly when there is no error");
    }

    /** Rejected with exactly these diagnostics. */
    static void rejected(Verification verdict, String... expected) {
        assertTrue(!verdict.isAccepted(), "expected a rejection, got " + verdict.diagnostics());
        diagnostics(verdict, expected);
    }

    /** Accepted with exactly these warnings; returns the verified program. */
    static VerifiedProgram accepted(Verification verdict, String... warnings) {
        diagnostics(verdict, warnings);
        assertTrue(verdict.isAccepted());
        return ((Verification.Accepted) verdict).program();
    }
}
