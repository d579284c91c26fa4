package io.femto4j.runtime.image;

import io.femto4j.isa.Decoder;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Format detection, raw images, the Image value and the inspect text. */
class ImagesTest {

    private static final Instruction EXIT = new Instruction(Op.EXIT, 0, 0, 0, 0);

    @Test
    void detectsTheFormatByContent() throws ImageFormatException {
        assertEquals(Image.Format.ELF, Images.detect(Fixtures.bytes("tiny.o")));
        assertEquals(Image.Format.RBF, Images.detect(RbfWriter.pack(Fixtures.bytes("tiny.o"))));
        assertEquals(Image.Format.RAW, Images.detect(Fixtures.bytes("plain.bin")));
        assertEquals(Image.Format.RAW, Images.detect(new byte[0]));
        assertEquals(Image.Format.RAW, Images.detect(new byte[] {0x7f, 'E', 'L'}));
    }

    @Test
    void loadsEachFormatToTheSameProgram() throws ImageFormatException {
        byte[] elf = Fixtures.bytes("globals.o");
        Image fromElf = Images.load(elf);
        Image fromRbf = Images.load(RbfWriter.pack(elf));
        assertEquals(fromElf, fromRbf);
        assertEquals(Image.Format.ELF, fromElf.format());
        assertEquals(Image.Format.RBF, fromRbf.format());
        Image raw = Images.load(fromElf.text().toBytes());
        assertEquals(fromElf.text(), raw.text());
        assertEquals(Image.Format.RAW, raw.format());
    }

    @Test
    void rawImageIsTextWithOneFunction() throws ImageFormatException {
        Image raw = Images.load(Fixtures.bytes("plain.bin"));
        assertEquals(List.of(new Image.Function("main", 0)), raw.functions());
        assertEquals(0, raw.dataSize());
        assertEquals(0, raw.rodataSize());
        assertEquals("main", raw.defaultFunction().orElseThrow().name());
    }

    @Test
    void rawErrors() {
        assertEquals("raw bytecode is empty: the program has no instructions",
                assertThrows(ImageFormatException.class, () -> Images.load(new byte[0])).getMessage());
        assertEquals("raw bytecode is 7 bytes, not a multiple of 8 (the instruction size)",
                assertThrows(ImageFormatException.class, () -> Images.load(new byte[7])).getMessage());
        byte[] bad = new byte[16];
        bad[0] = (byte) 0x95;
        bad[8] = (byte) 0xff;
        assertEquals("raw bytecode, instruction at byte 0x8 (slot 1): unknown opcode 0xff",
                assertThrows(ImageFormatException.class, () -> Images.load(bad)).getMessage());
        assertEquals("raw bytecode is 1048584 bytes; at most 1048576 (1 MiB) are accepted",
                assertThrows(ImageFormatException.class, () -> Images.load(new byte[Images.MAX_FILE_SIZE + 8])).getMessage());
    }

    @Test
    void explicitFormatSkipsDetection() {
        byte[] elf = Fixtures.bytes("tiny.o");
        String m = assertThrows(ImageFormatException.class, () -> Images.load(elf, Image.Format.RBF, Decoder.strict())).getMessage();
        assertTrue(m.startsWith("rbf header magic is 7f 45 4c 46"), m);
    }

    @Test
    void imageIsImmutable() throws ImageFormatException {
        Image image = Images.load(Fixtures.bytes("globals.o"));
        byte[] data = image.data();
        data[0] = 42;
        assertEquals(5, image.data()[0]);
        byte[] rodata = image.rodata();
        rodata[0] = 42;
        assertEquals(0, image.rodata()[0]);
        assertThrows(UnsupportedOperationException.class, () -> image.functions().clear());
        assertThrows(UnsupportedOperationException.class, () -> image.sections().clear());
    }

    @Test
    void functionsByName() throws ImageFormatException {
        Image image = Images.load(Fixtures.bytes("calls.o"));
        assertEquals(35, image.function("on_net").orElseThrow().slot());
        assertTrue(image.function("nope").isEmpty());
        assertEquals("add3", image.defaultFunction().orElseThrow().name());
    }

    @Test
    void equalityIgnoresProvenance() {
        Program p = Program.of(List.of(EXIT));
        Image a = Image.of(p, new byte[] {1}, new byte[0], List.of(new Image.Function("f", 0)), Image.Format.RAW, List.of());
        Image b = Image.of(p, new byte[] {1}, new byte[0], List.of(new Image.Function("f", 0)), Image.Format.ELF,
                List.of(new Image.Section(".text", Image.Region.TEXT, 0, 8)));
        Image c = Image.of(p, new byte[] {2}, new byte[0], List.of(new Image.Function("f", 0)), Image.Format.RAW, List.of());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
    }

    @Test
    void factoryChecksFunctions() {
        Program p = Program.of(List.of(new Instruction(Op.LDDW, 1, 0, 0, 0), new Instruction(Op.WIDE_HI, 0, 0, 0, 0), EXIT));
        byte[] none = new byte[0];
        assertThrows(IllegalArgumentException.class, () -> Image.of(p, none, none, List.of(new Image.Function("f", 3)),
                Image.Format.RAW, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Image.of(p, none, none, List.of(new Image.Function("f", 1)),
                Image.Format.RAW, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Image.of(p, none, none,
                List.of(new Image.Function("f", 0), new Image.Function("f", 2)), Image.Format.RAW, List.of()));
        assertThrows(IllegalArgumentException.class, () -> Image.of(p, none, "g\0".getBytes(StandardCharsets.US_ASCII),
                List.of(new Image.Function("f", 0, 0, 0)), Image.Format.RAW, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Image.Function("", 0));
        assertThrows(IllegalArgumentException.class, () -> new Image.Function("a\0b", 0));
        assertThrows(IllegalArgumentException.class, () -> new Image.Function("f", 0, 0x10000, -1));
        Image ok = Image.of(p, none, "f\0".getBytes(StandardCharsets.US_ASCII), List.of(new Image.Function("f", 0, 0, 0)),
                Image.Format.RAW, List.of());
        assertArrayEquals("f\0".getBytes(StandardCharsets.US_ASCII), ok.rodata());
    }

    @Test
    void describesTiny() throws ImageFormatException {
        String text = Images.describe(Images.load(Fixtures.bytes("tiny.o")));
        assertTrue(text.startsWith("format: ELF relocatable object (EM_BPF)\n"
                + "text: 17 slots (136 bytes), data: 8 bytes, rodata: 16 bytes\n"
                + "sections:\n"
                + "  .text             text    offset 0x0000  136 bytes\n"
                + "  .bss              data    offset 0x0000  8 bytes\n"
                + "  .rodata.str1.1    rodata  offset 0x0000  5 bytes\n"
                + "  (function names)  rodata  offset 0x0005  10 bytes\n"
                + "functions (2):\n"
                + "  slot 0     tiny  (default entry)\n"
                + "  slot 11    bump\n"
                + "data (8 bytes):\n"
                + "  0000  00 00 00 00 00 00 00 00                          |........|\n"
                + "rodata (16 bytes):\n"
                + "  0000  74 69 6e 79 00 74 69 6e 79 00 62 75 6d 70 00 00  |tiny.tiny.bump..|\n"
                + "text:\n"
                + "tiny:\n"
                + "      0  bf 12 00 00 00 00 00 00  mov r2, r1\n"), text);
        assertTrue(text.contains("\n      2  d8 03 00 00 00 00 00 00  lddwr r3, rodata+0x0  ; .rodata.str1.1+0x0\n"
                + "      3  00 00 00 00 00 00 00 00\n"), text);
        assertTrue(text.contains("\n      8  85 10 00 00 02 00 00 00  call local +2 -> 11 <bump>\n"), text);
        assertTrue(text.contains("\nbump:\n     11  b8 02 00 00 00 00 00 00  lddwd r2, data+0x0  ; .bss+0x0\n"), text);
        assertTrue(text.endsWith("     16  95 00 00 00 00 00 00 00  exit\n"), text);
    }

    @Test
    void describesAnRbfHeader() throws ImageFormatException {
        String text = Images.describe(Images.load(RbfWriter.pack(Fixtures.bytes("tiny.o"))));
        assertTrue(text.startsWith("format: Femto-Container rbf\n"
                + "text: 17 slots (136 bytes), data: 8 bytes, rodata: 16 bytes\n"
                + "rbf header: magic \"rBPF\", version 0, flags 0x0, data_len 8, rodata_len 16, text_len 136, functions 2\n"), text);
    }

    @Test
    void describesEveryInstructionForm() {
        List<Instruction> slots = List.of(
                new Instruction(Op.ADD64_IMM, 1, 0, 0, 5),
                new Instruction(Op.SUB32_REG, 2, 3, 0, 0),
                new Instruction(Op.NEG32, 4, 0, 0, 0),
                new Instruction(Op.BE16, 4, 0, 0, 16),
                new Instruction(Op.JA, 0, 0, 1, 0),
                new Instruction(Op.JEQ64_IMM, 1, 0, -2, 0x12345),
                new Instruction(Op.JGT32_REG, 1, 2, 0, 0),
                new Instruction(Op.CALL, 0, 0, 0, 1),
                new Instruction(Op.LDXW, 1, 10, -8, 0),
                new Instruction(Op.STB, 10, 0, -1, 7),
                new Instruction(Op.STXDW, 10, 1, -16, 0),
                new Instruction(Op.ATOMIC64_FETCH_ADD, 10, 1, -16, 1),
                new Instruction(Op.LDDW, 1, 0, 0, 0x11),
                new Instruction(Op.WIDE_HI, 0, 0, 0, 1),
                new Instruction(Op.LDDW_DATA, 2, 0, 0, 100),
                new Instruction(Op.WIDE_HI, 0, 0, 0, 0),
                new Instruction(Op.JA32, 0, 0, 0, -1),
                EXIT);
        Image image = Image.of(Program.of(slots), new byte[8], new byte[0], List.of(new Image.Function("main", 0)),
                Image.Format.RAW, List.of());
        String text = Images.describe(image);
        for (String expected : List.of("add r1, 5", "sub32 r2, r3", "neg32 r4", "be16 r4", "ja +1 -> 6",
                "jeq r1, 0x12345, -2 -> 4", "jgt32 r1, r2, +0 -> 7", "call 1", "ldxw r1, [r10-8]", "stb [r10-1], 7",
                "stxdw [r10-16], r1", "lock fetch add [r10-16], r1", "lddw r1, 0x100000011",
                "lddwd r2, data+0x64  ; outside the 8-byte data region", "ja32 -1 -> 16", "exit")) {
            assertTrue(text.contains(expected), () -> "missing '" + expected + "' in\n" + text);
        }
    }
}
