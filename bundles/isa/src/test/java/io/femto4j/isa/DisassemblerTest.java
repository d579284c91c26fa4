package io.femto4j.isa;

import io.femto4j.isa.testing.ValidEncodings;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DisassemblerTest {

    /** Lines in the disassembler's own notation: assembling then disassembling each gives it back unchanged. */
    @ParameterizedTest
    @ValueSource(strings = {
        "add %r1, 2", "add32 %r1, -3", "mov %r0, %r1", "mov32 %r0, 0x80000000", "and %r0, 0xff00ff00",
        "or %r2, -65535", "xor %r2, 0xffff0000", "movsx832 %r0, %r1", "movsx3264 %r9, %r10", "sdiv %r0, 3",
        "smod32 %r0, %r1", "div %r0, 0", "neg %r0", "neg32 %r0", "be16 %r0", "le64 %r1", "bswap32 %r2",
        "ja +3", "ja -1", "ja +0", "ja32 +100000", "ja32 -1", "jeq %r1, 5, +2", "jsgt32 %r1, %r2, -4",
        "jset %r3, 0x10000, -32768", "call 5", "call -1", "call local +9", "call local -3", "call %r2", "exit",
        "ldxdw %r0, [%r1+8]", "ldxsb %r0, [%r10-1]", "ldxw %r0, [%r1]", "stw [%r10-4], 7", "stb [%r1+32767], -1",
        "stxdw [%r10-8], %r1", "lock fetch add32 [%r1+4], %r2", "lock cmpxchg [%r10-8], %r1", "lock xchg32 [%r0], %r0",
        "lddw %r0, 0x1122334455667788", "lddw %r1, -1", "lddw %r1, 0x8000000000000000", "lddwd %r1, 16",
        "lddwr %r2, 0x100000000",
    })
    void printsTheAssemblersSyntax(String line) throws AsmException {
        assertEquals(line + "\n", Disassembler.disassemble(Assembler.assemble(line)));
    }

    @Test
    void formatsSingleSlots() throws Exception {
        Program p = Assembler.assemble("mov %r0, 1\nlddw %r0, 0x1122334455667788\nexit");
        assertEquals("mov %r0, 1", Disassembler.format(p, 0));
        assertEquals("lddw %r0, 0x1122334455667788", Disassembler.format(p, 1));
        assertEquals("lddw %r0, 0x1122334455667788", Disassembler.format(p.get(1), p.imm64(1)));
        // the second slot has no syntax; tools listing slots one by one still get a readable line
        assertEquals("(lddw high half) 0x11223344", Disassembler.format(p, 2));
        assertEquals("exit", Disassembler.format(p.get(3), 0));
        assertEquals("mov %r0, 1\nlddw %r0, 0x1122334455667788\nexit\n", Disassembler.disassemble(p));
    }

    @Test
    void unusedFieldsOfALenientDecodeAreNotCarried() throws Exception {
        byte[] negWithImm = HexFormat.of().parseHex("8400000001000000");
        String text = Disassembler.disassemble(Decoder.lenient().decode(negWithImm));
        assertEquals("neg32 %r0\n", text);
        assertEquals("8400000000000000", HexFormat.of().formatHex(Assembler.assemble(text).toBytes()));
    }

    @Test
    void everyOperationRoundTripsWithExtremeFields() throws AsmException {
        for (Op op : assemblable()) {
            for (int[] f : new int[][] {{0, 0, 0, 0, 0}, {10, 10, Short.MIN_VALUE, Integer.MIN_VALUE, -1},
                    {10, 9, Short.MAX_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE}}) {
                Program p = Program.of(ValidEncodings.of(op, f[0], f[1], f[2], f[3], f[4]));
                assertEquals(p, Assembler.assemble(Disassembler.disassemble(p)), op + " " + Disassembler.disassemble(p));
            }
        }
    }

    @Property(tries = 1000)
    void strictlyValidProgramsRoundTrip(@ForAll("programs") List<List<Instruction>> instructions) throws Exception {
        Program p = Program.of(instructions.stream().flatMap(List::stream).toList());
        byte[] bytes = p.toBytes();
        assertEquals(p, Decoder.strict().decode(bytes), "the generator makes strictly valid instructions");
        String text = Disassembler.disassemble(p);
        assertEquals(HexFormat.of().formatHex(bytes), HexFormat.of().formatHex(Assembler.assemble(text).toBytes()), text);
    }

    @Provide
    Arbitrary<List<List<Instruction>>> programs() {
        Arbitrary<Integer> registers = Arbitraries.integers().between(0, Decoder.REGISTER_COUNT - 1);
        Arbitrary<List<Instruction>> instruction = Combinators.combine(Arbitraries.of(assemblable()), registers,
                registers, Arbitraries.shorts(), Arbitraries.integers(), Arbitraries.integers())
                .as((op, dst, src, offset, imm, high) -> ValidEncodings.of(op, dst, src, offset, imm, high));
        return instruction.list().ofMinSize(1).ofMaxSize(16);
    }

    private static List<Op> assemblable() {
        return Arrays.stream(Op.values()).filter(op -> op != Op.WIDE_HI).toList();
    }
}
