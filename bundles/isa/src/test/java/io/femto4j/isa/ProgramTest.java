package io.femto4j.isa;

import io.femto4j.isa.testing.ValidEncodings;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A program is kept as its raw words; what it gives back must be what it was built from. */
class ProgramTest {

    /** Every operation once, with the given field values, then an exit: one slot per operation (two for wide ones). */
    private static List<Instruction> everyOp(int dst, int src, int offset, int imm, int high) {
        List<Instruction> slots = new ArrayList<>();
        for (Op op : Op.values()) {
            if (op != Op.WIDE_HI) {
                slots.addAll(ValidEncodings.of(op, dst, src, offset, imm, high));
            }
        }
        slots.add(new Instruction(Op.EXIT, 0, 0, 0, 0));
        return slots;
    }

    @Property(tries = 200)
    void givesBackEverySlotItWasBuiltFrom(@ForAll @IntRange(max = 10) int dst, @ForAll @IntRange(max = 10) int src,
                                          @ForAll short offset, @ForAll int imm, @ForAll int high) {
        List<Instruction> slots = everyOp(dst, src, offset, imm, high);
        Program p = Program.of(slots);
        assertEquals(slots.size(), p.size());
        for (int i = 0; i < slots.size(); i++) {
            assertEquals(slots.get(i), p.get(i), "slot " + i);
            assertEquals(slots.get(i).op(), p.opAt(i), "op of slot " + i);
            assertEquals(slots.get(i).word(), p.word(i), "word of slot " + i);
        }
        assertEquals(slots, p.instructions());
    }

    @Property(tries = 200)
    void roundTripsThroughRawWordsAndBytes(@ForAll @IntRange(max = 10) int dst, @ForAll @IntRange(max = 10) int src,
                                           @ForAll short offset, @ForAll int imm, @ForAll int high)
            throws DecodeException {
        Program p = Program.of(everyOp(dst, src, offset, imm, high));
        long[] words = new long[p.size()];
        for (int i = 0; i < words.length; i++) {
            words[i] = p.word(i);
        }
        Program fromWords = Program.ofWords(words);
        assertEquals(p, fromWords);
        assertEquals(p.hashCode(), fromWords.hashCode());
        assertEquals(p.instructions(), fromWords.instructions());
        byte[] bytes = p.toBytes();
        byte[] expected = new byte[bytes.length];
        for (int i = 0; i < p.size(); i++) {
            p.get(i).encodeInto(expected, i * Instruction.SIZE);
        }
        assertArrayEquals(expected, bytes);
        assertEquals(p, Decoder.strict().decode(bytes));
    }

    @Test
    void ofWordsCopiesItsArray() {
        long[] words = {new Instruction(Op.MOV64_IMM, 0, 0, 0, 7).word(), new Instruction(Op.EXIT, 0, 0, 0, 0).word()};
        Program p = Program.ofWords(words);
        words[0] = new Instruction(Op.MOV64_IMM, 0, 0, 0, 8).word();
        assertEquals(7, p.get(0).imm());
    }

    @Test
    void wideImmediateOfBothHalvesWithTheirSignBits() {
        Program p = Program.of(List.of(new Instruction(Op.LDDW, 1, 0, 0, 0x9abcdef0),
                new Instruction(Op.WIDE_HI, 0, 0, 0, 0xf2345678), new Instruction(Op.EXIT, 0, 0, 0, 0)));
        assertEquals(0xf23456789abcdef0L, p.imm64(0));
        assertEquals(Op.WIDE_HI, p.get(1).op());
    }

    @Test
    void keepsAnOperationItsFieldsDoNotSelect() {
        // sdiv with a 0 offset: its fields encode div. The program must still say sdiv (the verifier rejects it
        // by comparing the two), and not equal the program of the div it encodes.
        Instruction sdivClaimed = new Instruction(Op.SDIV64_IMM, 1, 0, 0, 3);
        Program claimed = Program.of(List.of(sdivClaimed, new Instruction(Op.EXIT, 0, 0, 0, 0)));
        Program plain = Program.of(List.of(new Instruction(Op.DIV64_IMM, 1, 0, 0, 3),
                new Instruction(Op.EXIT, 0, 0, 0, 0)));
        assertEquals(sdivClaimed, claimed.get(0));
        assertEquals(Op.SDIV64_IMM, claimed.opAt(0));
        assertEquals(Op.EXIT, claimed.opAt(1));
        assertEquals(plain.word(0), claimed.word(0));
        assertNotEquals(plain, claimed);
    }

    @Test
    void legacyJunkOffsetReadsAsThePlainOperation() throws DecodeException {
        // mov r1, 5 with offset 3 (before CPU v4 the offset was unused): the lenient decoder reads a plain mov
        Instruction junk = new Instruction(Op.MOV64_REG, 1, 2, 3, 0);
        Program fromWords = Program.ofWords(new long[] {junk.word(), new Instruction(Op.EXIT, 0, 0, 0, 0).word()});
        assertEquals(junk, fromWords.get(0));
        assertEquals(Decoder.lenient().decode(fromWords.toBytes()), fromWords);
        assertEquals(Program.of(List.of(junk, new Instruction(Op.EXIT, 0, 0, 0, 0))), fromWords);
    }

    @Test
    void ofWordsRejectsWordsThatEncodeNoOperationOrBreakAWideLoad() {
        long exit = new Instruction(Op.EXIT, 0, 0, 0, 0).word();
        long lddw = new Instruction(Op.LDDW, 1, 0, 0, 1).word();
        int unused = 1;
        while (!Op.withOpcode(unused).isEmpty()) {
            unused++;
        }
        long unknownOpcode = unused;
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Program.ofWords(new long[] {unknownOpcode, exit}));
        assertTrue(unknown.getMessage().contains("slot 0"), unknown.getMessage());
        // opcode 0 without a wide load before it
        assertThrows(IllegalArgumentException.class, () -> Program.ofWords(new long[] {0, exit}));
        // a wide load whose second slot has an opcode, and one at the end
        assertThrows(IllegalArgumentException.class, () -> Program.ofWords(new long[] {lddw, exit, exit}));
        IllegalArgumentException end = assertThrows(IllegalArgumentException.class,
                () -> Program.ofWords(new long[] {exit, lddw}));
        assertTrue(end.getMessage().contains("lacks its second half"), end.getMessage());
        // an atomic whose imm selects no operation
        long atomic = 0xdbL | 0x7fL << 32;
        assertThrows(IllegalArgumentException.class, () -> Program.ofWords(new long[] {atomic, exit}));
    }

    @Test
    void ofChecksTheWidePairingAsBefore() {
        Instruction exit = new Instruction(Op.EXIT, 0, 0, 0, 0);
        assertThrows(IllegalArgumentException.class,
                () -> Program.of(List.of(new Instruction(Op.WIDE_HI, 0, 0, 0, 0), exit)));
        assertThrows(IllegalArgumentException.class,
                () -> Program.of(List.of(new Instruction(Op.LDDW, 1, 0, 0, 0), exit)));
        assertThrows(IllegalArgumentException.class,
                () -> Program.of(List.of(exit, new Instruction(Op.LDDW, 1, 0, 0, 0))));
    }
}
