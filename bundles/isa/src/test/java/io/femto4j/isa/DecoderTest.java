package io.femto4j.isa;

import io.femto4j.isa.testing.ValidEncodings;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

class DecoderTest {

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @Test
    void decodesLddwAsTwoSlots() throws DecodeException {
        Program p = Decoder.strict().decode(hex("18000000f0debc9a0000000078563412" + "9500000000000000"));
        assertEquals(3, p.size());
        assertEquals(Op.LDDW, p.get(0).op());
        assertEquals(Op.WIDE_HI, p.get(1).op());
        assertEquals(0x123456789abcdef0L, p.imm64(0));
    }

    @Test
    void discriminatesBySharedOpcodeFields() throws DecodeException {
        assertEquals(Op.SDIV32_IMM, Decoder.strict().decode(hex("3400010004000000")).get(0).op());
        assertEquals(Op.MOVSX8_32, Decoder.strict().decode(hex("bc10080000000000")).get(0).op());
        assertEquals(Op.CALL_LOCAL, Decoder.strict().decode(hex("8510000009000000")).get(0).op());
        assertEquals(Op.ATOMIC32_FETCH_ADD, Decoder.strict().decode(hex("c31af8ff01000000")).get(0).op());
        assertEquals(Op.BSWAP16, Decoder.strict().decode(hex("d700000010000000")).get(0).op());
    }

    @Test
    void strictRejectsUnusedFieldsLenientKeepsThem() throws DecodeException {
        byte[] negWithImm = hex("8400000001000000");
        DecodeException e = assertThrows(DecodeException.class, () -> Decoder.strict().decode(negWithImm));
        assertEquals(0, e.index());
        assertEquals("insn 0: neg32: unused field imm is 1, must be 0", e.getMessage());
        assertArrayEquals(negWithImm, Decoder.lenient().decode(negWithImm).toBytes());
    }

    @Test
    void rejectsBadEncodings() {
        assertEquals("length 7 is not a multiple of 8 bytes",
                assertThrows(DecodeException.class, () -> Decoder.strict().decode(new byte[7])).getMessage());
        assertEquals("insn 1: unknown opcode 0xff",
                assertThrows(DecodeException.class, () -> Decoder.strict().decode(hex("9500000000000000ff00000000000000"))).getMessage());
        assertEquals("insn 0: lddw needs a second slot but the program ends",
                assertThrows(DecodeException.class, () -> Decoder.strict().decode(hex("1800000000000000"))).getMessage());
        assertEquals("insn 0: destination register r11 does not exist (r0 to r10)",
                assertThrows(DecodeException.class, () -> Decoder.lenient().decode(hex("b70b000000000000"))).getMessage());
    }

    /** One encoding per form, with every field as the decoder must report it. */
    @ParameterizedTest(name = "{1} {0}")
    @CsvSource({
        "07010000ffffffff, ADD64_IMM,          1,  0,      0,  -1",
        "0f21000000000000, ADD64_REG,          1,  2,      0,   0",
        "9701000003000000, MOD64_IMM,          1,  0,      0,   3",
        "3701010003000000, SDIV64_IMM,         1,  0,      1,   3",
        "bf21000000000000, MOV64_REG,          1,  2,      0,   0",
        "bf21100000000000, MOVSX16_64,         1,  2,     16,   0",
        "8703000000000000, NEG64,              3,  0,      0,   0",
        "d401000020000000, LE32,               1,  0,      0,  32",
        "dc01000040000000, BE64,               1,  0,      0,  64",
        "0500fdff00000000, JA,                 0,  0,     -3,   0",
        "0600000000000100, JA32,               0,  0,      0,  65536",
        "6501020080000000, JSGT64_IMM,         1,  0,      2, 128",
        "de21ffff00000000, JSLE32_REG,         1,  2,     -1,   0",
        "8500000004000000, CALL,               0,  0,      0,   4",
        "85100000fbffffff, CALL_LOCAL,         0,  1,      0,  -5",
        "8d05000000000000, CALLX,              5,  0,      0,   0",
        "9500000000000000, EXIT,               0,  0,      0,   0",
        "79a1f8ff00000000, LDXDW,              1, 10,     -8,   0",
        "9121ffff00000000, LDXSB,              1,  2,     -1,   0",
        "6a0a020034120000, STH,               10,  0,      2, 4660",
        "73a1010000000000, STXB,               1, 10,      1,   0",
        "c3a1fcffa1000000, ATOMIC32_FETCH_XOR, 1, 10,     -4, 161",
        "dba1f8fff1000000, ATOMIC64_CMPXCHG,   1, 10,     -8, 241",
    })
    void decodesEachForm(String hex, Op op, int dst, int src, int offset, int imm) throws DecodeException {
        Instruction insn = Decoder.strict().decode(hex(hex)).get(0);
        assertEquals(new Instruction(op, dst, src, offset, imm), insn);
        assertArrayEquals(hex(hex), Program.of(List.of(insn)).toBytes());
    }

    /**
     * For every single-slot operation and every field its form neither uses nor discriminates by: a non-zero
     * value is an error for the strict decoder and kept as it is by the lenient one.
     */
    @TestFactory
    Stream<DynamicTest> strictRejectsEveryUnusedFieldOfEveryOperation() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Op op : Op.values()) {
            if (op.isWide() || op == Op.WIDE_HI) {
                continue;
            }
            Form form = op.form();
            Form.Discriminator disc = form.discriminator();
            Instruction valid = ValidEncodings.of(op, 0, 0, 0, 0, 0).get(0);
            addUnusedFieldTest(tests, valid, "dst", !form.usesDst(),
                    new Instruction(op, 1, valid.src(), valid.offset(), valid.imm()));
            addUnusedFieldTest(tests, valid, "src", !form.usesSrc() && disc != Form.Discriminator.SRC,
                    new Instruction(op, valid.dst(), 1, valid.offset(), valid.imm()));
            addUnusedFieldTest(tests, valid, "offset", !form.usesOffset() && disc != Form.Discriminator.OFFSET,
                    new Instruction(op, valid.dst(), valid.src(), 1, valid.imm()));
            addUnusedFieldTest(tests, valid, "imm", !form.usesImm() && disc != Form.Discriminator.IMM,
                    new Instruction(op, valid.dst(), valid.src(), valid.offset(), 1));
        }
        return tests.stream();
    }

    private static void addUnusedFieldTest(List<DynamicTest> tests, Instruction valid, String field, boolean unused,
                                           Instruction withField) {
        if (!unused) {
            return;
        }
        tests.add(dynamicTest(valid.op() + " " + field, () -> {
            byte[] ok = Program.of(List.of(valid)).toBytes();
            assertEquals(valid, Decoder.strict().decode(ok).get(0));
            byte[] bad = Program.of(List.of(withField)).toBytes();
            DecodeException e = assertThrows(DecodeException.class, () -> Decoder.strict().decode(bad));
            assertEquals("insn 0: " + valid.op().mnemonic() + ": unused field " + field + " is 1, must be 0", e.getMessage());
            assertEquals(withField, Decoder.lenient().decode(bad).get(0));
        }));
    }

    @Test
    void discriminatorValuesThatSelectNothing() throws DecodeException {
        assertEquals("insn 0: opcode 0xd4: imm 8 selects no operation; expected 16 (le16), 32 (le32), 64 (le64)",
                assertThrows(DecodeException.class, () -> Decoder.lenient().decode(hex("d400000008000000"))).getMessage());
        assertEquals("insn 0: opcode 0xc3: imm 2 selects no operation; expected 0 (lock add32), 64 (lock or32), "
                        + "80 (lock and32), 160 (lock xor32), 1 (lock fetch add32), 65 (lock fetch or32), 81 (lock fetch and32), "
                        + "161 (lock fetch xor32), 225 (lock xchg32), 241 (lock cmpxchg32)",
                assertThrows(DecodeException.class, () -> Decoder.lenient().decode(hex("c321000002000000"))).getMessage());
        // src 2 is a call into the runtime by BTF id, which femto-containers do not have
        assertEquals("insn 0: opcode 0x85: src 2 selects no operation; expected 0 (call), 1 (call local)",
                assertThrows(DecodeException.class, () -> Decoder.lenient().decode(hex("8520000001000000"))).getMessage());
        // an ALU offset that names no v4 variant: an error when strict, the plain pre-v4 operation when lenient
        assertEquals("insn 0: opcode 0xbc: offset 32 selects no operation; expected 0 (mov32), 8 (movsx832), 16 (movsx1632)",
                assertThrows(DecodeException.class, () -> Decoder.strict().decode(hex("bc21200000000000"))).getMessage());
        assertEquals(new Instruction(Op.MOV32_REG, 1, 2, 32, 0), Decoder.lenient().decode(hex("bc21200000000000")).get(0));
        assertEquals(new Instruction(Op.DIV64_IMM, 1, 0, 2, 7), Decoder.lenient().decode(hex("3701020007000000")).get(0));
    }

    @Test
    void registersBeyondR10() throws DecodeException {
        assertEquals("insn 0: source register r11 does not exist (r0 to r10)",
                assertThrows(DecodeException.class, () -> Decoder.lenient().decode(hex("0fb1000000000000"))).getMessage());
        assertEquals("insn 0: destination register r15 does not exist (r0 to r10)",
                assertThrows(DecodeException.class, () -> Decoder.lenient().decode(hex("180f000000000000" + "0000000000000000"))).getMessage());
        // in a field the operation does not read, r11 is only a non-zero unused field
        assertEquals("insn 0: add: unused field src is 11, must be 0",
                assertThrows(DecodeException.class, () -> Decoder.strict().decode(hex("07b1000001000000"))).getMessage());
        assertEquals(11, Decoder.lenient().decode(hex("07b1000001000000")).get(0).src());
    }

    @Test
    void wideLoads() throws DecodeException {
        Program p = Decoder.strict().decode(hex("b801000010000000" + "0000000001000000" + "d802000008000000" + "00000000ffffffff"));
        assertEquals(List.of(Op.LDDW_DATA, Op.WIDE_HI, Op.LDDW_RODATA, Op.WIDE_HI),
                p.instructions().stream().map(Instruction::op).toList());
        assertEquals(0x100000010L, p.imm64(0));
        assertEquals(0xffffffff00000008L, p.imm64(2));
        assertEquals("insn 0: lddw with source 1 (a map or BTF reference) is not supported",
                assertThrows(DecodeException.class, () -> Decoder.lenient().decode(hex("1810000000000000" + "0000000000000000"))).getMessage());
        assertEquals("insn 1: second slot of lddwd must have opcode 0x00, found 0x95",
                assertThrows(DecodeException.class, () -> Decoder.lenient().decode(hex("b800000000000000" + "9500000000000000"))).getMessage());
        byte[] junkInSecondSlot = hex("1800000000000000" + "0012030000000000");
        assertEquals("insn 1: second slot of lddw must have dst, src and offset 0",
                assertThrows(DecodeException.class, () -> Decoder.strict().decode(junkInSecondSlot)).getMessage());
        assertEquals(new Instruction(Op.WIDE_HI, 2, 1, 3, 0), Decoder.lenient().decode(junkInSecondSlot).get(1));
    }

    @Test
    void decodesARangeOfABuffer() throws DecodeException {
        byte[] code = hex("ffffffffffffffff" + "9500000000000000" + "ffffffff");
        assertEquals(List.of(new Instruction(Op.EXIT, 0, 0, 0, 0)), Decoder.strict().decode(code, 8, 8).instructions());
        assertEquals("range 8+16 lies outside the 20-byte buffer",
                assertThrows(DecodeException.class, () -> Decoder.strict().decode(code, 8, 16)).getMessage());
        assertEquals(-1, assertThrows(DecodeException.class, () -> Decoder.strict().decode(code, -1, 8)).index());
        assertEquals(0, Decoder.strict().decode(new byte[0]).size());
    }

    @Property(tries = 2000)
    void decodedProgramsReencodeToTheSameBytes(@ForAll byte[] code) {
        byte[] aligned = Arrays.copyOf(code, code.length - code.length % 8);
        try {
            assertArrayEquals(aligned, Decoder.lenient().decode(aligned).toBytes());
        } catch (DecodeException expected) {
            // most random words are not instructions; the property is about the ones that are
        }
    }
}
