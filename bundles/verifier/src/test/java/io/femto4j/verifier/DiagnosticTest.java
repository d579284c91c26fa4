package io.femto4j.verifier;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiagnosticTest {

    @Test
    void printsOneLineWithLocationSeverityMessageAndCode() {
        assertEquals("insn 12: error: jump target 40 is outside the program (38 instructions) [jump-out-of-program]",
                new Diagnostic(Diagnostic.Code.JUMP_OUT_OF_PROGRAM, Diagnostic.Severity.ERROR, 12,
                        "jump target 40 is outside the program (38 instructions)").toString());
        assertEquals("program: warning: w [unreachable-code]",
                new Diagnostic(Diagnostic.Code.UNREACHABLE_CODE, Diagnostic.Severity.WARNING, -1, "w").toString());
    }

    @Test
    void messagesAreSingleLines() {
        assertThrows(IllegalArgumentException.class,
                () -> new Diagnostic(Diagnostic.Code.BAD_LENGTH, Diagnostic.Severity.ERROR, -1, "two\nlines"));
        assertThrows(IllegalArgumentException.class,
                () -> new Diagnostic(Diagnostic.Code.BAD_LENGTH, Diagnostic.Severity.ERROR, -2, "where?"));
    }

    @Test
    void sortsByIndexThenCode() {
        List<Diagnostic> ds = new ArrayList<>(List.of(
                new Diagnostic(Diagnostic.Code.STACK_OUT_OF_FRAME, Diagnostic.Severity.ERROR, 3, "c"),
                new Diagnostic(Diagnostic.Code.WRITES_R10, Diagnostic.Severity.ERROR, 3, "b"),
                new Diagnostic(Diagnostic.Code.TOO_LONG, Diagnostic.Severity.ERROR, -1, "a"),
                new Diagnostic(Diagnostic.Code.UNKNOWN_OPCODE, Diagnostic.Severity.ERROR, 1, "d")));
        ds.sort(Diagnostic.BY_INDEX);
        assertEquals(List.of("a", "d", "b", "c"), ds.stream().map(Diagnostic::message).toList());
    }

    @Test
    void everyCodeHasALabel() {
        for (Diagnostic.Code code : Diagnostic.Code.values()) {
            assertEquals(code.name().toLowerCase().replace('_', '-'), code.label());
        }
        assertEquals("falls-off-end", Diagnostic.Code.FALLS_OFF_END.label());
    }
}
