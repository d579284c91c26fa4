package io.femto4j.isa;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Property(tries = 2000)
    void decodedProgramsReencodeToTheSameBytes(@ForAll byte[] code) {
        byte[] aligned = java.util.Arrays.copyOf(code, code.length - code.length % 8);
        try {
            assertArrayEquals(aligned, Decoder.lenient().decode(aligned).toBytes());
        } catch (DecodeException expected) {
            // most random words are not instructions; the property is about the ones that are
        }
    }
}
