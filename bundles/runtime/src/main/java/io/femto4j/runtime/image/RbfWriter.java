package io.femto4j.runtime.image;

import io.femto4j.isa.Decoder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes images in the Femto-Container "rbf" format, and packs clang ELF objects into it.
 *
 * <h2>The rbf layout</h2>
 * As the upstream converter writes it ({@code dist/tools/rbpf/rbpf/rbf.py} with {@code gen_rbf.py} in
 * RIOT-OS/RIOT; structures {@code rbpf_header_t} / {@code rbpf_function_t} in the Femto-Container
 * repository's {@code femtocontainer.h} and RIOT's {@code rbpf.h}). All fields little-endian.
 * <pre>
 * offset 0   header, seven uint32 (28 bytes):
 *              magic       the bytes 'r' 'B' 'P' 'F' (0x46504272 read as uint32)
 *              version     0
 *              flags       bit 0 (0x01): text is compressed; no other bit is defined
 *              data_len    bytes of .data
 *              rodata_len  bytes of .rodata, function names included
 *              text_len    bytes of .text, a multiple of 8
 *              functions   number of function table entries
 * 28         .data    (data_len bytes)
 *            .rodata  (rodata_len bytes)
 *            .text    (text_len bytes)
 *            function table: functions entries of three uint16 (6 bytes each):
 *              name_offset      byte offset of the NUL-terminated name in .rodata
 *              flags            0 (the converter writes none)
 *              location_offset  BYTE offset of the function in .text (not a slot index)
 * end of file directly after the table
 * </pre>
 * The converter pads .data and .rodata with zeros to a multiple of 8 bytes (after appending the function
 * names to .rodata) and counts the padding in {@code data_len} / {@code rodata_len}; .text is not padded
 * (it is whole instructions) and nothing is padded between the text and the table. With a 28-byte header,
 * .text therefore starts at an offset that is 4 modulo 8. The C VM finds the sections by adding the
 * lengths to the header address ({@code rbpf_data} = header + 28, {@code rbpf_rodata} = + data_len,
 * {@code rbpf_text} = + rodata_len). Upstream stores the magic constant as 0x72425046 ("rBPF" read
 * big-endian), which little-endian files would hold as the bytes "FPBr"; the converter writes the bytes
 * "rBPF", and nothing upstream checks the magic. femto4j reads and writes the bytes "rBPF".
 *
 * <p>The converter rewrites each {@code lddw} of {@code .rel.text} relocated against {@code .data} or
 * {@code .rodata} into opcode 0xB8 / 0xD8 with the symbol's offset added to the immediate, as the ELF
 * reader of this package does. Differences, all in content, none in layout: upstream reads only the
 * sections named exactly {@code .text}, {@code .data} and {@code .rodata}, lists only global functions in
 * symbol table order, and cannot relocate against {@code .bss} or strings ({@code .rodata.str1.1}); femto4j
 * merges all executable, {@code .data*}/{@code .bss*} and {@code .rodata*} sections, lists every function
 * (local ones too, because BPF-to-BPF calls need their starts) sorted by slot, and places {@code .bss}
 * zeros in the data region after {@code .data}.
 */
public final class RbfWriter {
    /** Size of the rbf header: seven uint32. */
    public static final int HEADER_SIZE = 28;
    /** Size of one function table entry: three uint16. */
    public static final int FUNCTION_ENTRY_SIZE = 6;
    /** Header flag: the text is compressed (not supported by femto4j). */
    public static final int FLAG_COMPRESSED = 0x01;
    static final byte[] MAGIC = {'r', 'B', 'P', 'F'};

    private RbfWriter() {
    }

    /**
     * The rbf file of {@code image}. Function names not yet stored in the image's rodata (raw images) are
     * appended to it; data and rodata are padded to 8 bytes as the converter does.
     *
     * @throws ImageFormatException if rbf cannot express the image: a function starting at text byte 0x10000
     *                              or later, or a name stored at rodata offset 0x10000 or later (the table has
     *                              16-bit fields), or a file over {@link Images#MAX_FILE_SIZE}
     */
    public static byte[] write(Image image) throws ImageFormatException {
        byte[] data = image.data();
        byte[] rodataIn = image.rodata();
        List<byte[]> appended = new ArrayList<>();
        long rodataLen = rodataIn.length;
        int[] nameOffsets = new int[image.functions().size()];
        int k = 0;
        for (Image.Function f : image.functions()) {
            long offset = f.nameOffset();
            if (offset == Image.Function.NO_NAME_OFFSET) {
                byte[] name = f.name().getBytes(StandardCharsets.UTF_8);
                appended.add(name);
                offset = rodataLen;
                rodataLen += name.length + 1L;
            }
            if (offset > 0xffff) {
                throw new ImageFormatException("rbf function " + k + " (" + Bin.quote(f.name()) + "): name_offset "
                        + Bin.hex(offset) + " does not fit the 16-bit field of the function table");
            }
            long location = (long) f.slot() * 8;
            if (location > 0xffff) {
                throw new ImageFormatException("rbf function " + k + " (" + Bin.quote(f.name()) + "): location_offset "
                        + Bin.hex(location) + " (text slot " + f.slot() + ") does not fit the 16-bit field of the function table");
            }
            nameOffsets[k++] = (int) offset;
        }
        long dataLen = Bin.alignUp(data.length, 8);
        rodataLen = Bin.alignUp(rodataLen, 8);
        byte[] text = image.text().toBytes();
        long total = HEADER_SIZE + dataLen + rodataLen + text.length + (long) FUNCTION_ENTRY_SIZE * nameOffsets.length;
        if (total > Images.MAX_FILE_SIZE) {
            throw new ImageFormatException("rbf file would be " + total + " bytes; readers accept at most "
                    + Images.MAX_FILE_SIZE + " (1 MiB)");
        }
        byte[] out = new byte[(int) total];
        System.arraycopy(MAGIC, 0, out, 0, 4);
        Bin.put32(out, 4, 0);
        Bin.put32(out, 8, 0);
        Bin.put32(out, 12, dataLen);
        Bin.put32(out, 16, rodataLen);
        Bin.put32(out, 20, text.length);
        Bin.put32(out, 24, nameOffsets.length);
        int at = HEADER_SIZE;
        System.arraycopy(data, 0, out, at, data.length);
        at += (int) dataLen;
        System.arraycopy(rodataIn, 0, out, at, rodataIn.length);
        int cursor = at + rodataIn.length;
        for (byte[] name : appended) {
            System.arraycopy(name, 0, out, cursor, name.length);
            cursor += name.length + 1;
        }
        at += (int) rodataLen;
        System.arraycopy(text, 0, out, at, text.length);
        at += text.length;
        k = 0;
        for (Image.Function f : image.functions()) {
            Bin.put16(out, at, nameOffsets[k++]);
            Bin.put16(out, at + 2, f.flags());
            Bin.put16(out, at + 4, f.slot() * 8);
            at += FUNCTION_ENTRY_SIZE;
        }
        return out;
    }

    /**
     * Packs a clang ELF object into rbf, as the upstream converter does: the object is loaded (and checked)
     * with the strict decoder, its relocated loads rewritten to 0xB8 / 0xD8, then written.
     *
     * @throws ImageFormatException if the object cannot be loaded (e.g. a relocation that cannot be mapped)
     *                              or rbf cannot express it
     */
    public static byte[] pack(byte[] elf) throws ImageFormatException {
        return write(ElfReader.read(elf, Decoder.strict()));
    }
}
