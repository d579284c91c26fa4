package io.femto4j.isa;

import io.femto4j.isa.testing.ConformanceCase;
import io.femto4j.isa.testing.ConformanceSuite;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** The assembler, disassembler and decoder against the public conformance suite. */
class ConformanceAssemblyTest {

    private static final int TEST_COUNT = 313;
    private static final int UNUSED_FIELD_COUNT = 45;

    /** Where each assembler-error negative must fail: asm-section line, column, reason. */
    private record Expected(int line, int column, String reason) {}

    private static final Map<String, Expected> ASSEMBLER_ERRORS = Map.of(
            "invalid_imm32_dec_range", new Expected(2, 12, "immediate out of 32-bit range: 2147483648"),
            "invalid_imm32_hex_range", new Expected(2, 12, "immediate out of 32-bit range: 0x100000000"),
            "invalid_label", new Expected(1, 4, "undefined label 'NOT_A_LABEL'"),
            "invalid_lock", new Expected(1, 1, "invalid number of operands for lock or: expected 2, found 1"),
            "invalid_lock2", new Expected(1, 1, "invalid number of operands for lock: expected an atomic operation "
                    + "(add, or, and, xor, xchg, cmpxchg) and 2 operands"),
            "invalid_mnemonic", new Expected(2, 1, "unknown mnemonic 'ldxq'"),
            "invalid_offset", new Expected(1, 11, "expected a memory operand like [%r1+4], found '%r1'"),
            "invalid_offset_range", new Expected(2, 15, "offset out of 16-bit range: +0x10000"),
            "invalid_operand_count", new Expected(1, 1, "invalid number of operands for lddw: expected 2, found 1"),
            "invalid_register", new Expected(1, 9, "invalid register '%r50' (registers are %r0 to %r10)"));

    @Test
    void suiteHasAllTests() {
        assertEquals(TEST_COUNT, ConformanceSuite.tests().size());
    }

    @TestFactory
    Stream<DynamicTest> everyTestAssemblesToTheSuitesBytes() {
        return ConformanceSuite.tests().stream().map(c -> dynamicTest(c.name(), () -> {
            byte[] expected = ConformanceSuite.expectedBytes(c.name());
            assertHex(expected, Assembler.assemble(c.asm()).toBytes());
            if (c.raw() != null) {
                assertHex(expected, c.raw());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyTestRoundTripsThroughTheDisassembler() {
        return ConformanceSuite.tests().stream().map(c -> dynamicTest(c.name(), () -> {
            byte[] bytes = ConformanceSuite.expectedBytes(c.name());
            String text = Disassembler.disassemble(Decoder.strict().decode(bytes));
            assertHex(bytes, Assembler.assemble(text).toBytes());
        }));
    }

    @TestFactory
    Stream<DynamicTest> unusedFieldNegativesFailStrictAndPassLenient() {
        List<ConformanceCase> unused = ConformanceSuite.negatives().stream()
                .filter(c -> c.name().startsWith("unused-")).toList();
        assertEquals(UNUSED_FIELD_COUNT, unused.size());
        return unused.stream().map(c -> dynamicTest(c.name(), () -> {
            // the name ends with the field that is set: unused-add64_imm-offset
            String field = c.name().substring(c.name().lastIndexOf('-') + 1);
            DecodeException e = assertThrows(DecodeException.class, () -> Decoder.strict().decode(c.raw()));
            assertEquals(0, e.index());
            assertTrue(e.reason().contains("unused field " + field) || e.reason().contains(field + " 1 selects no operation"),
                    e.getMessage());
            assertHex(c.raw(), Decoder.lenient().decode(c.raw()).toBytes());
        }));
    }

    @TestFactory
    Stream<DynamicTest> assemblerErrorNegativesFailWhereExpected() {
        List<ConformanceCase> withAsm = ConformanceSuite.negatives().stream().filter(c -> c.asm() != null).toList();
        assertEquals(ASSEMBLER_ERRORS.keySet(), Set.copyOf(withAsm.stream().map(ConformanceCase::name)
                .filter(ASSEMBLER_ERRORS::containsKey).toList()), "all assembler-error negatives present");
        return withAsm.stream().map(c -> dynamicTest(c.name(), () -> {
            Expected expected = ASSEMBLER_ERRORS.get(c.name());
            if (expected == null) {
                // runner self-tests (a wrong result, a run-time error, an unknown section): they must assemble
                Assembler.assemble(c.asm());
                return;
            }
            AsmException e = assertThrows(AsmException.class, () -> Assembler.assemble(c.asm()));
            assertEquals(expected, new Expected(e.line(), e.column(), e.reason()));
            if (c.error() != null) {
                // the suite's own wording, e.g. "Invalid number of operands for lock"
                assertTrue(e.reason().toLowerCase().contains(c.error().toLowerCase()), e.reason() + " / " + c.error());
            }
        }));
    }

    private static void assertHex(byte[] expected, byte[] actual) {
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(actual));
    }
}
