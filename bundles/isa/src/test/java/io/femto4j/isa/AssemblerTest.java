package io.femto4j.isa;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AssemblerTest {

    private static String hex(String source) throws AsmException {
        return HexFormat.of().formatHex(Assembler.assemble(source).toBytes());
    }

    private static AsmException error(String source) {
        return assertThrows(AsmException.class, () -> Assembler.assemble(source));
    }

    private static void assertError(String source, int line, int column, String reason) {
        AsmException e = error(source);
        assertEquals(reason, e.reason());
        assertEquals(line, e.line(), "line");
        assertEquals(column, e.column(), "column");
        assertEquals("line " + line + ", column " + column + ": " + reason, e.getMessage());
    }

    @Test
    void messageNamesLineAndColumn() {
        assertEquals("line 3, column 5: unknown mnemonic 'adx'", error("exit\n\n    adx %r1, 2\n").getMessage());
    }

    // --- each kind of error, with its exact wording and position

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "unknown mnemonic        | mov %r0, 1\\n\\tldxq %r0, [%r1] | 2 | 2  | unknown mnemonic 'ldxq'",
        "unknown lock operation  | lock nand [%r1], %r2            | 1 | 1  | unknown mnemonic 'lock nand'",
        "lock without operation  | lock fetch                      | 1 | 1  | invalid number of operands for lock fetch: expected an atomic operation (add, or, and, xor, xchg, cmpxchg) and 2 operands",
        "too few operands        | add %r0                         | 1 | 1  | invalid number of operands for add: expected 2, found 1",
        "too many operands       | exit %r0                        | 1 | 1  | invalid number of operands for exit: expected 0, found 1",
        "empty operand           | add %r0,, 1                     | 1 | 9  | empty operand",
        "register out of range   | mov %r11, 1                     | 1 | 5  | invalid register '%r11' (registers are %r0 to %r10)",
        "register misspelt       | mov %x1, 1                      | 1 | 5  | invalid register '%x1' (registers are %r0 to %r10)",
        "register in memory      | ldxw %r0, [%r12+4]              | 1 | 12 | invalid register '%r12' (registers are %r0 to %r10)",
        "register expected       | mov 5, %r1                      | 1 | 5  | expected a register, found '5'",
        "memory expected         | ldxw %r0, %r1                   | 1 | 11 | expected a memory operand like [%r1+4], found '%r1'",
        "memory offset not a num | ldxw %r0, [%r1+x]               | 1 | 15 | expected a number as offset, found '+x'",
        "memory offset too low   | stw [%r10-32769], 1             | 1 | 10 | offset out of 16-bit range: -32769",
        "memory offset too high  | stw [%r10+0x8000], 1            | 1 | 10 | offset out of 16-bit range: +0x8000",
        "immediate expected      | mov %r0, foo                    | 1 | 10 | expected an immediate, found 'foo'",
        "imm32 decimal too big   | mov %r0, 2147483648             | 1 | 10 | immediate out of 32-bit range: 2147483648",
        "imm32 decimal too small | mov %r0, -2147483649            | 1 | 10 | immediate out of 32-bit range: -2147483649",
        "imm32 hex too big       | jeq %r0, 0x100000000, +1        | 1 | 10 | immediate out of 32-bit range: 0x100000000",
        "imm32 negative hex      | stw [%r1], -0x80000001          | 1 | 12 | immediate out of 32-bit range: -0x80000001",
        "imm64 hex too big       | lddw %r0, 0x10000000000000000   | 1 | 11 | immediate out of 64-bit range: 0x10000000000000000",
        "imm64 decimal too big   | lddw %r0, 9223372036854775808   | 1 | 11 | immediate out of 64-bit range: 9223372036854775808",
        "jump target syntax      | ja 5                            | 1 | 4  | expected a jump target (a label or +N/-N), found '5'",
        "jump offset too far     | jne %r1, 0, +32768              | 1 | 13 | jump offset out of 16-bit range: +32768",
        "local call too far      | call local -2147483649          | 1 | 12 | jump offset out of 32-bit range: -2147483649",
        "undefined label         | ja out\\nexit                   | 1 | 4  | undefined label 'out'",
        "duplicate label         | a:\\nexit\\n  a: exit           | 3 | 3  | duplicate label 'a' (first defined on line 1)",
        "invalid label name      | 1x: exit                        | 1 | 1  | invalid label name '1x'",
    })
    void reportsErrors(String kind, String source, int line, int column, String reason) {
        assertError(source.replace("\\n", "\n").replace("\\t", "\t"), line, column, reason);
    }

    @Test
    void labelBeyondSixteenBitReachIsRejectedButReachableByJa32() throws AsmException {
        String body = "exit\n".repeat(40_000) + "far:\nexit\n";
        assertError("mov %r0, 0\nja far\n" + body, 2, 4, "label 'far' is 40000 slots away, beyond the 16-bit jump offset");
        Program p = Assembler.assemble("ja32 far\n" + body);
        assertEquals(40_000, p.get(0).imm());
    }

    @Test
    void programsAreBoundedToAMillionSlots() throws AsmException {
        assertEquals(Assembler.MAX_SLOTS, Assembler.assemble("exit\n".repeat(Assembler.MAX_SLOTS)).size());
        assertError("exit\n".repeat(Assembler.MAX_SLOTS) + "exit\n", Assembler.MAX_SLOTS + 1, 1,
                "program exceeds 1000000 instruction slots");
        // a two-slot load that would straddle the bound is refused whole
        assertError("exit\n".repeat(Assembler.MAX_SLOTS - 1) + "  lddw %r0, 1\n", Assembler.MAX_SLOTS, 3,
                "program exceeds 1000000 instruction slots");
    }

    // --- syntax

    @Test
    void commentsBlankLinesAndLabelsAnywhere() throws AsmException {
        String source = "# leading comment\r\n\r\n  start: \tmov %r0, 1 # trailing\r\na: b:\r\n\tja start\r\nexit";
        assertEquals("b700000001000000" + "0500feff00000000" + "9500000000000000", hex(source));
    }

    @Test
    void jumpsToLabelsAndRelativeTargets() throws AsmException {
        String source = """
                ja +1
                ja -1
                jeq %r1, 0x10, done
                call local f
                done:
                exit
                f:
                ja32 done
                """;
        assertEquals("0500010000000000" + "0500ffff00000000" + "1501010010000000" + "8510000001000000"
                + "9500000000000000" + "06000000feffffff", hex(source));
    }

    @Test
    void exitLabelIsTheFirstExitUnlessDeclared() throws AsmException {
        assertEquals("0500000000000000" + "9500000000000000" + "9500000000000000" + "06000000fdffffff",
                hex("ja exit\nexit\nexit\nja32 exit"));
        assertEquals("0500010000000000" + "9500000000000000" + "b700000000000000" + "9500000000000000",
                hex("ja exit\nexit\nexit:\nmov %r0, 0\nexit"));
    }

    @Test
    void aliasesAssembleLikeTheSuitesMnemonics() throws AsmException {
        assertEquals(hex("add %r1, 2\nneg %r1\nmov %r1, %r2\narsh %r1, 3"),
                hex("add64 %r1, 2\nneg64 %r1\nmov64 %r1, %r2\narsh64 %r1, 3"));
        assertEquals(hex("bswap16 %r1\nbswap32 %r1\nbswap64 %r1"), hex("swap16 %r1\nswap32 %r1\nswap64 %r1"));
        assertEquals("8d02000000000000", hex("call %r2"));
        assertEquals("8d02000000000000", hex("callx %r2"));
        assertEquals("8500000005000000", hex("call 5"));
    }

    @Test
    void numbersInEveryNotation() throws AsmException {
        assertEquals(hex("mov32 %r0, -1"), hex("mov32 %r0, 0xffffffff"));
        assertEquals(hex("mov32 %r0, -1"), hex("mov32 %r0, -0x1"));
        assertEquals(hex("mov32 %r0, 10"), hex("mov32 %r0, 0XA"));
        assertEquals("b400000000000080", hex("mov32 %r0, -2147483648"));
        assertEquals("18000000ffffffff" + "00000000ffffffff", hex("lddw %r0, 0xFFFFFFFFFFFFFFFF"));
        assertEquals("18000000ffffffff" + "00000000ffffffff", hex("lddw %r0, -1"));
        assertEquals("1800000000000000" + "0000000000000080", hex("lddw %r0, -9223372036854775808"));
    }

    @Test
    void memoryOperands() throws AsmException {
        assertEquals("6110000000000000", hex("ldxw %r0, [%r1]"));
        assertEquals("6110040000000000", hex("ldxw %r0, [%r1+4]"));
        assertEquals("61a0f8ff00000000", hex("ldxw %r0, [%r10-8]"));
        assertEquals("6110100000000000", hex("ldxw %r0, [ %r1 + 0x10 ]"));
        assertEquals("7a0a0080ffffffff", hex("stdw [%r10-32768], -1"));
        assertEquals("7ba1ff7f00000000", hex("stxdw [%r1+32767], %r10"));
    }

    @Test
    void atomicsAndSignExtensions() throws AsmException {
        assertEquals("c321040001000000", hex("lock fetch add32 [%r1+4], %r2"));
        assertEquals("dba1f8fff1000000", hex("lock cmpxchg [%r1-8], %r10"));
        assertEquals("dba1f8ffe1000000", hex("lock xchg [%r1-8], %r10"));
        assertEquals("bc10080000000000", hex("movsx832 %r0, %r1"));
        assertEquals("bf10200000000000", hex("movsx3264 %r0, %r1"));
        assertEquals("3f10010000000000", hex("sdiv %r0, %r1"));
        assertEquals("9400010003000000", hex("smod32 %r0, 3"));
        assertEquals("9110ffff00000000", hex("ldxsb %r0, [%r1-1]"));
    }

    @Test
    void femtoContainerSectionLoads() throws AsmException {
        Program p = Assembler.assemble("lddwd %r1, 0x100000010\nlddwr %r2, 8\nexit");
        assertEquals("b801000010000000" + "0000000001000000" + "d802000008000000" + "0000000000000000"
                + "9500000000000000", HexFormat.of().formatHex(p.toBytes()));
        assertEquals(Op.LDDW_DATA, p.get(0).op());
        assertEquals(0x100000010L, p.imm64(0));
        assertEquals(Op.LDDW_RODATA, p.get(2).op());
    }

    @Test
    void emptySourceIsAnEmptyProgram() throws AsmException {
        assertEquals(0, Assembler.assemble("").size());
        assertEquals(0, Assembler.assemble("# nothing\n\nlabel:\n").size());
    }
}
