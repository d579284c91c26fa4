package io.femto4j.verifier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The suite's 45 {@code negative/unused-*} programs: one instruction with a non-zero field it does not use,
 * then exit. Strict policies reject them; lenient ones accept them, with one legitimate exception explained
 * below.
 */
class UnusedFieldConformanceTest {

    private static final Policy STRICT = Policy.permissive(h -> h >= 0 && h <= 5);
    private static final Policy LENIENT = STRICT.withStrict(false);
    /**
     * {@code mov} with offset 1 ({@code bf 00 01 00 ...} and {@code bc 00 01 00 ...}): from CPU v4 on, the offset
     * of mov selects movsx8/16/32, so it is not an unused field and 1 selects no operation. Only below v4 is it
     * unused, and only there can a lenient policy ignore it.
     */
    private static final List<String> OFFSET_SELECTS_MOVSX_FROM_V4 =
            List.of("unused-mov64_reg-offset", "unused-mov_reg-offset");

    private static List<Conformance.RawCase> cases;

    @BeforeAll
    static void load() {
        cases = Conformance.unusedFieldCases();
        assertEquals(45, cases.size());
    }

    @Test
    void strictRejectsEveryOneAtTheOffendingInstruction() {
        List<String> unexpected = new ArrayList<>();
        for (Conformance.RawCase c : cases) {
            List<Diagnostic> errors = Verifier.verify(c.code(), STRICT).errors();
            Diagnostic.Code expected = OFFSET_SELECTS_MOVSX_FROM_V4.contains(c.name())
                    ? Diagnostic.Code.UNKNOWN_OPCODE : Diagnostic.Code.UNUSED_FIELD_NOT_ZERO;
            if (errors.size() != 1 || errors.get(0).code() != expected || errors.get(0).index() != 0) {
                unexpected.add(c.name() + ": " + errors);
            }
        }
        assertEquals(List.of(), unexpected);
    }

    @Test
    void lenientAcceptsAllButTheTwoWhoseOffsetSelectsAnOperation() {
        List<String> rejected = new ArrayList<>();
        for (Conformance.RawCase c : cases) {
            Verification v = Verifier.verify(c.code(), LENIENT);
            if (!v.isAccepted()) {
                rejected.add(c.name() + ": " + v.errors());
            }
        }
        assertEquals(List.of(
                "unused-mov64_reg-offset: [insn 0: error: opcode 0xbf with offset 1 selects no operation; the offset "
                        + "field must be 0 (mov), 8 (movsx864), 16 (movsx1664) or 32 (movsx3264) [unknown-opcode]]",
                "unused-mov_reg-offset: [insn 0: error: opcode 0xbc with offset 1 selects no operation; the offset "
                        + "field must be 0 (mov32), 8 (movsx832) or 16 (movsx1632) [unknown-opcode]]"), rejected);
    }

    @Test
    void belowV4TheMovOffsetIsAnUnusedFieldLikeAnyOther() {
        Policy v3 = Policy.parse("v3,helpers=0-5");
        for (Conformance.RawCase c : cases) {
            assertEquals(true, Verifier.verify(c.code(), v3.withStrict(false)).isAccepted(), c.name());
            List<Diagnostic> errors = Verifier.verify(c.code(), v3).errors();
            assertEquals(1, errors.size(), c.name());
            assertEquals(Diagnostic.Code.UNUSED_FIELD_NOT_ZERO, errors.get(0).code(), c.name());
        }
    }
}
