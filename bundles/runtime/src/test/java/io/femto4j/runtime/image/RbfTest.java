package io.femto4j.runtime.image;

import io.femto4j.isa.Decoder;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rbf reader and writer: the layout byte by byte, round trips, and every header field broken. */
class RbfTest {

    /** tiny.o packed: header, 8 bytes of .bss zeros, 16 bytes of rodata, 17 slots, 2 functions. */
    private static byte[] tinyRbf() throws ImageFormatException {
        return RbfWriter.pack(Fixtures.bytes("tiny.o"));
    }

    private static String message(byte[] rbf) {
        return assertThrows(ImageFormatException.class, () -> RbfReader.read(rbf, Decoder.strict())).getMessage();
    }

    private static byte[] with(byte[] b, int at, int size, long value) {
        byte[] copy = b.clone();
        ElfBuilder.put(copy, at, size, value);
        return copy;
    }

    @Test
    void packsTinyExactlyAsTheUpstreamLayout() throws ImageFormatException {
        // Built field by field from the layout (not with the writer), from the object's own .text bytes with
        // the converter's rewrites applied by hand.
        ElfPatch elf = ElfPatch.of("tiny.o");
        byte[] text = elf.contents(".text");
        text[2 * 8] = (byte) 0xd8;              // lddw r3, .rodata.str1.1 -> 0xD8 with offset 0 (the string is first)
        text[11 * 8] = (byte) 0xb8;             // lddw r2, hits -> 0xB8 with offset 0 (.bss is all the data)
        ElfBuilder.put(text, 8 * 8 + 4, 4, 2);  // call -1 (R_BPF_64_32 bump) -> +2: slot 9 + 2 = bump at 11
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("rBPF".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(le32(0));           // version
        expected.writeBytes(le32(0));           // flags
        expected.writeBytes(le32(8));           // data_len: the 8-byte .bss
        expected.writeBytes(le32(16));          // rodata_len: "tiny\0" + names "tiny\0bump\0", padded to 16
        expected.writeBytes(le32(text.length)); // text_len
        expected.writeBytes(le32(2));           // functions
        expected.writeBytes(new byte[8]);
        expected.writeBytes("tiny\0tiny\0bump\0\0".getBytes(StandardCharsets.US_ASCII));
        expected.writeBytes(text);
        expected.writeBytes(new byte[] {5, 0, 0, 0, 0, 0});        // tiny: name at 5, flags 0, text byte 0
        expected.writeBytes(new byte[] {10, 0, 0, 0, 88, 0});      // bump: name at 10, flags 0, text byte 88 (slot 11)
        assertArrayEquals(expected.toByteArray(), tinyRbf());
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    @Test
    void readsTheFieldsBack() throws ImageFormatException {
        Image image = RbfReader.read(tinyRbf(), Decoder.strict());
        assertEquals(Image.Format.RBF, image.format());
        assertEquals(List.of(new Image.Function("tiny", 0, 0, 5), new Image.Function("bump", 11, 0, 10)), image.functions());
        assertEquals(8, image.dataSize());
        assertEquals(16, image.rodataSize());
        assertEquals(17, image.text().size());
        assertEquals(List.of(new Image.Section(".data", Image.Region.DATA, 0, 8),
                new Image.Section(".rodata", Image.Region.RODATA, 0, 16),
                new Image.Section(".text", Image.Region.TEXT, 0, 136)), image.sections());
    }

    @Test
    void rawImageGetsItsNameAppended() throws ImageFormatException {
        Image raw = Images.load(Fixtures.bytes("plain.bin"));
        Image back = Images.load(RbfWriter.write(raw));
        assertEquals(List.of(new Image.Function("main", 0, 0, 0)), back.functions());
        assertArrayEquals("main\0\0\0\0".getBytes(StandardCharsets.US_ASCII), back.rodata());
        assertEquals(raw.text(), back.text());
    }

    @Test
    void unpaddedSectionsAndFlagsAreKept() throws ImageFormatException {
        // a hand-made file (as the C VM's own tests write them): 3 bytes of data, name right after, no padding
        byte[] text = new byte[16];
        new Instruction(Op.MOV64_IMM, 0, 0, 0, 7).encodeInto(text, 0);
        new Instruction(Op.EXIT, 0, 0, 0, 0).encodeInto(text, 8);
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.writeBytes("rBPF".getBytes(StandardCharsets.US_ASCII));
        f.writeBytes(le32(0));
        f.writeBytes(le32(0));
        f.writeBytes(le32(3));
        f.writeBytes(le32(3));
        f.writeBytes(le32(16));
        f.writeBytes(le32(1));
        f.writeBytes(new byte[] {1, 2, 3});
        f.writeBytes(new byte[] {'g', 'o', 0});
        f.writeBytes(text);
        f.writeBytes(new byte[] {0, 0, 0x34, 0x12, 8, 0});
        Image image = RbfReader.read(f.toByteArray(), Decoder.strict());
        assertArrayEquals(new byte[] {1, 2, 3}, image.data());
        assertEquals(List.of(new Image.Function("go", 1, 0x1234, 0)), image.functions());
        // the writer pads as the converter does
        Image back = Images.load(RbfWriter.write(image));
        assertEquals(8, back.dataSize());
        assertEquals(0x1234, back.functions().get(0).flags());
    }

    @Test
    void truncatedAtEveryLength() throws ImageFormatException {
        byte[] rbf = tinyRbf();
        for (int n = 0; n < rbf.length; n++) {
            byte[] prefix = Arrays.copyOf(rbf, n);
            String m = message(prefix);
            assertTrue(m.startsWith("rbf "), m);
            assertThrows(ImageFormatException.class, () -> Images.load(prefix));
        }
    }

    @Test
    void headerShorterThan28Bytes() {
        assertEquals("rbf file is 27 bytes, shorter than the 28-byte header", message(new byte[27]));
    }

    @Test
    void badMagic() throws ImageFormatException {
        assertEquals("rbf header magic is 72 42 50 58; expected the bytes \"rBPF\" (72 42 50 46)",
                message(with(tinyRbf(), 3, 1, 'X')));
        byte[] swapped = tinyRbf();
        System.arraycopy("FPBr".getBytes(StandardCharsets.US_ASCII), 0, swapped, 0, 4);
        assertEquals(Image.Format.RBF, Images.detect(swapped));
        assertEquals("rbf header magic is 46 50 42 72; expected the bytes \"rBPF\" (72 42 50 46) (the bytes of the C constant"
                + " RBPF_MAGIC_NO 0x72425046 stored little-endian; the upstream converter writes the bytes \"rBPF\")",
                message(swapped));
    }

    @Test
    void unknownVersion() throws ImageFormatException {
        assertEquals("rbf header version is 1; only version 0 is defined", message(with(tinyRbf(), 4, 4, 1)));
    }

    @Test
    void compressedTextIsNotSupported() throws ImageFormatException {
        assertEquals("rbf header flags 0x1: compressed text (flag 0x01) is not supported; write the file without --compress",
                message(with(tinyRbf(), 8, 4, 1)));
        assertEquals("rbf header flags 0x4 has unknown bits; only 0x01 (compressed) is defined",
                message(with(tinyRbf(), 8, 4, 4)));
    }

    @Test
    void headerLengthsPastTheEnd() throws ImageFormatException {
        byte[] rbf = tinyRbf();
        String after = " bytes of the file after offset ";
        assertEquals("rbf header data_len 0xffffffff exceeds the " + hex(rbf.length - 28) + after + "0x1c",
                message(with(rbf, 12, 4, 0xffffffffL)));
        assertEquals("rbf header rodata_len 0x80000000 exceeds the " + hex(rbf.length - 36) + after + "0x24",
                message(with(rbf, 16, 4, 0x80000000L)));
        assertEquals("rbf header text_len 0x1000 exceeds the " + hex(rbf.length - 52) + after + "0x34",
                message(with(rbf, 20, 4, 0x1000)));
    }

    @Test
    void hugeFunctionCount() throws ImageFormatException {
        assertEquals("rbf header functions 4294967295 needs 25769803770 bytes of function table but only 12 bytes follow the text",
                message(with(tinyRbf(), 24, 4, 0xffffffffL)));
        assertEquals("rbf header functions 3 needs 18 bytes of function table but only 12 bytes follow the text",
                message(with(tinyRbf(), 24, 4, 3)));
    }

    @Test
    void trailingBytes() throws ImageFormatException {
        byte[] rbf = Arrays.copyOf(tinyRbf(), tinyRbf().length + 6);
        assertEquals("rbf file has 6 bytes after the function table of 2 entries (header functions); expected the file to end"
                + " there", message(rbf));
        assertEquals("rbf file has 6 bytes after the function table of 1 entries (header functions); expected the file to end"
                + " there", message(with(tinyRbf(), 24, 4, 1)));
    }

    @Test
    void textLengthNotWholeInstructions() throws ImageFormatException {
        assertEquals("rbf header text_len 0x84 is not a multiple of 8 (the instruction size)",
                message(with(tinyRbf(), 20, 4, 0x84)));
        byte[] noText = with(tinyRbf(), 20, 4, 0);
        assertEquals("rbf header text_len is 0: the image has no instructions", message(noText));
    }

    /** Offset of function table entry {@code k} in the tiny rbf. */
    private static int entry(byte[] rbf, int k) {
        return rbf.length - 12 + 6 * k;
    }

    @Test
    void nameOffsetOutsideRodata() throws ImageFormatException {
        byte[] rbf = tinyRbf();
        assertEquals("rbf function 1: name_offset 0x100 is outside rodata (0x10 bytes)", message(with(rbf, entry(rbf, 1), 2, 0x100)));
    }

    @Test
    void nameNotTerminated() throws ImageFormatException {
        byte[] rbf = tinyRbf();
        int rodata = 28 + 8;
        byte[] broken = with(with(rbf, rodata + 14, 1, 'x'), rodata + 15, 1, 'y'); // "bump\0\0" -> "bumpxy"
        assertEquals("rbf function 1: name_offset 0xa: the name is not NUL-terminated within rodata", message(broken));
    }

    @Test
    void emptyName() throws ImageFormatException {
        byte[] rbf = tinyRbf();
        assertEquals("rbf function 1: name_offset 0xf points at an empty name", message(with(rbf, entry(rbf, 1), 2, 15)));
    }

    @Test
    void duplicateName() throws ImageFormatException {
        byte[] rbf = tinyRbf();
        // offset 0 holds the string literal "tiny": the same name as function 0
        assertEquals("rbf function 1 ('tiny'): the name is also that of function 0", message(with(rbf, entry(rbf, 1), 2, 0)));
    }

    @Test
    void badTextOffsets() throws ImageFormatException {
        byte[] rbf = tinyRbf();
        int at = entry(rbf, 1) + 4;
        assertEquals("rbf function 1 ('bump'): location_offset 0x5b is not a multiple of 8 (it is a byte offset into text)",
                message(with(rbf, at, 2, 0x5b)));
        assertEquals("rbf function 1 ('bump'): location_offset 0x88 is outside the text (0x88 bytes)",
                message(with(rbf, at, 2, 0x88)));
        assertEquals("rbf function 1 ('bump'): location_offset 0x18 is the second half of a two-slot load",
                message(with(rbf, at, 2, 0x18)));
    }

    @Test
    void undecodableText() throws ImageFormatException {
        byte[] rbf = tinyRbf();
        assertEquals("rbf text, instruction at text offset 0x8 (slot 1): unknown opcode 0xff",
                message(with(rbf, 28 + 8 + 16 + 8, 1, 0xff)));
    }

    @Test
    void tooLargeFile() {
        byte[] big = new byte[Images.MAX_FILE_SIZE + 1];
        System.arraycopy("rBPF".getBytes(StandardCharsets.US_ASCII), 0, big, 0, 4);
        assertEquals("rbf file is 1048577 bytes; at most 1048576 (1 MiB) are accepted", message(big));
    }

    // ------------------------------------------------------------------ what rbf cannot express

    @Test
    void writerRefusesFunctionsBeyondTheSixteenBitTextOffset() {
        List<Instruction> slots = new ArrayList<>(Collections.nCopies(8193, new Instruction(Op.EXIT, 0, 0, 0, 0)));
        Image image = Image.of(Program.of(slots), new byte[0], new byte[0],
                List.of(new Image.Function("main", 0), new Image.Function("far", 8192)), Image.Format.RAW, List.of());
        assertEquals("rbf function 1 ('far'): location_offset 0x10000 (text slot 8192) does not fit the 16-bit field of the"
                + " function table", assertThrows(ImageFormatException.class, () -> RbfWriter.write(image)).getMessage());
    }

    @Test
    void writerRefusesNamesBeyondTheSixteenBitRodataOffset() {
        Image image = Image.of(Program.of(List.of(new Instruction(Op.EXIT, 0, 0, 0, 0))), new byte[0], new byte[0x10000],
                List.of(new Image.Function("main", 0)), Image.Format.RAW, List.of());
        assertEquals("rbf function 0 ('main'): name_offset 0x10000 does not fit the 16-bit field of the function table",
                assertThrows(ImageFormatException.class, () -> RbfWriter.write(image)).getMessage());
    }

    @Test
    void writerRefusesFilesTheReadersWouldRefuse() {
        Image image = Image.of(Program.of(List.of(new Instruction(Op.EXIT, 0, 0, 0, 0))), new byte[Images.MAX_REGION_SIZE],
                new byte[0], List.of(), Image.Format.RAW, List.of());
        assertEquals("rbf file would be 1048612 bytes; readers accept at most 1048576 (1 MiB)",
                assertThrows(ImageFormatException.class, () -> RbfWriter.write(image)).getMessage());
    }

    @Test
    void packerRefusesWhatItCannotMap() {
        assertTrue(assertThrows(ImageFormatException.class, () -> RbfWriter.pack(Fixtures.bytes("reject_pointers.o")))
                .getMessage().contains("initialised pointers"));
        assertTrue(assertThrows(ImageFormatException.class, () -> RbfWriter.pack(Fixtures.bytes("reject_funcptr.o")))
                .getMessage().contains("function pointers cannot be expressed"));
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
