package io.femto4j.runtime.image;

import io.femto4j.isa.DecodeException;
import io.femto4j.isa.Decoder;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.femto4j.runtime.image.Bin.hex;
import static io.femto4j.runtime.image.Bin.quote;

/**
 * Reads the Femto-Container rbf format (layout in {@link RbfWriter}). Unlike the upstream C VM, which takes
 * the header lengths on trust, every length is checked against the file before a section is located: the
 * header must fit, each section must lie inside the file, the function table must fill the rest of the file
 * exactly, each function's name must be a NUL-terminated string inside rodata and its location a slot
 * inside the text that is not the second half of a two-slot load. Compressed text (flag 0x01) is refused.
 * Lengths of .data and .rodata need not be multiples of 8 (the converter pads them; the C VM does not need
 * it).
 */
final class RbfReader {
    private RbfReader() {
    }

    static Image read(byte[] file, Decoder decoder) throws ImageFormatException {
        if (file.length > Images.MAX_FILE_SIZE) {
            throw new ImageFormatException("rbf file is " + file.length + " bytes; at most " + Images.MAX_FILE_SIZE
                    + " (1 MiB) are accepted");
        }
        if (file.length < RbfWriter.HEADER_SIZE) {
            throw new ImageFormatException("rbf file is " + file.length + " bytes, shorter than the 28-byte header");
        }
        checkMagic(file);
        long version = Bin.u32(file, 4);
        if (version != 0) {
            throw new ImageFormatException("rbf header version is " + version + "; only version 0 is defined");
        }
        long flags = Bin.u32(file, 8);
        if ((flags & RbfWriter.FLAG_COMPRESSED) != 0) {
            throw new ImageFormatException("rbf header flags " + hex(flags)
                    + ": compressed text (flag 0x01) is not supported; write the file without --compress");
        }
        if (flags != 0) {
            throw new ImageFormatException("rbf header flags " + hex(flags) + " has unknown bits; only 0x01 (compressed) is defined");
        }
        long dataLen = Bin.u32(file, 12);
        long rodataLen = Bin.u32(file, 16);
        long textLen = Bin.u32(file, 20);
        long count = Bin.u32(file, 24);
        long at = RbfWriter.HEADER_SIZE;
        at = section(file, "data_len", dataLen, at);
        long rodataStart = at;
        at = section(file, "rodata_len", rodataLen, at);
        long textStart = at;
        at = section(file, "text_len", textLen, at);
        if (textLen == 0) {
            throw new ImageFormatException("rbf header text_len is 0: the image has no instructions");
        }
        if (textLen % 8 != 0) {
            throw new ImageFormatException("rbf header text_len " + hex(textLen) + " is not a multiple of 8 (the instruction size)");
        }
        long tableLen = count * RbfWriter.FUNCTION_ENTRY_SIZE;
        long rest = file.length - at;
        if (tableLen > rest) {
            throw new ImageFormatException("rbf header functions " + count + " needs " + tableLen
                    + " bytes of function table but only " + rest + " bytes follow the text");
        }
        if (tableLen < rest) {
            throw new ImageFormatException("rbf file has " + (rest - tableLen) + " bytes after the function table of "
                    + count + " entries (header functions); expected the file to end there");
        }
        if (count > Images.MAX_FUNCTIONS) {
            throw new ImageFormatException("rbf header functions " + count + "; at most " + Images.MAX_FUNCTIONS + " are supported");
        }

        Program text;
        try {
            text = decoder.decode(file, (int) textStart, (int) textLen);
        } catch (DecodeException e) {
            throw new ImageFormatException("rbf text" + (e.index() < 0 ? "" : ", instruction at text offset "
                    + hex(e.index() * 8L) + " (slot " + e.index() + ")") + ": " + e.reason(), e);
        }
        byte[] data = new byte[(int) dataLen];
        System.arraycopy(file, RbfWriter.HEADER_SIZE, data, 0, data.length);
        byte[] rodata = new byte[(int) rodataLen];
        System.arraycopy(file, (int) rodataStart, rodata, 0, rodata.length);

        List<Image.Function> functions = new ArrayList<>((int) count);
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < count; k++) {
            int entry = (int) at + k * RbfWriter.FUNCTION_ENTRY_SIZE;
            int nameOffset = Bin.u16(file, entry);
            int fnFlags = Bin.u16(file, entry + 2);
            int location = Bin.u16(file, entry + 4);
            String where = "rbf function " + k;
            String name = name(rodata, nameOffset, where);
            where += " (" + quote(name) + ")";
            if (location % 8 != 0) {
                throw new ImageFormatException(where + ": location_offset " + hex(location)
                        + " is not a multiple of 8 (it is a byte offset into text)");
            }
            if (location >= textLen) {
                throw new ImageFormatException(where + ": location_offset " + hex(location) + " is outside the text ("
                        + hex(textLen) + " bytes)");
            }
            int slot = location / 8;
            if (text.get(slot).op() == Op.WIDE_HI) {
                throw new ImageFormatException(where + ": location_offset " + hex(location)
                        + " is the second half of a two-slot load");
            }
            Integer before = seen.putIfAbsent(name, k);
            if (before != null) {
                throw new ImageFormatException(where + ": the name is also that of function " + before);
            }
            functions.add(new Image.Function(name, slot, fnFlags, nameOffset));
        }
        List<Image.Section> sections = List.of(
                new Image.Section(".data", Image.Region.DATA, 0, data.length),
                new Image.Section(".rodata", Image.Region.RODATA, 0, rodata.length),
                new Image.Section(".text", Image.Region.TEXT, 0, (int) textLen));
        return Image.of(text, data, rodata, functions, Image.Format.RBF, sections);
    }

    private static void checkMagic(byte[] file) throws ImageFormatException {
        boolean ok = true;
        for (int i = 0; i < 4; i++) {
            ok &= file[i] == RbfWriter.MAGIC[i];
        }
        if (ok) {
            return;
        }
        String hint = file[0] == 'F' && file[1] == 'P' && file[2] == 'B' && file[3] == 'r'
                ? " (the bytes of the C constant RBPF_MAGIC_NO 0x72425046 stored little-endian; the upstream converter"
                + " writes the bytes \"rBPF\")"
                : "";
        throw new ImageFormatException(String.format("rbf header magic is %02x %02x %02x %02x; expected the bytes \"rBPF\""
                + " (72 42 50 46)", file[0], file[1], file[2], file[3]) + hint);
    }

    /** Checks that a section of {@code length} bytes at {@code at} lies inside the file; returns its end. */
    private static long section(byte[] file, String field, long length, long at) throws ImageFormatException {
        if (length > file.length - at) {
            throw new ImageFormatException("rbf header " + field + " " + hex(length) + " exceeds the " + hex(file.length - at)
                    + " bytes of the file after offset " + hex(at));
        }
        return at + length;
    }

    private static String name(byte[] rodata, int offset, String where) throws ImageFormatException {
        if (offset >= rodata.length) {
            throw new ImageFormatException(where + ": name_offset " + hex(offset) + " is outside rodata (" + hex(rodata.length)
                    + " bytes)");
        }
        int end = offset;
        while (end < rodata.length && rodata[end] != 0) {
            end++;
        }
        if (end == rodata.length) {
            throw new ImageFormatException(where + ": name_offset " + hex(offset) + ": the name is not NUL-terminated within"
                    + " rodata");
        }
        if (end == offset) {
            throw new ImageFormatException(where + ": name_offset " + hex(offset) + " points at an empty name");
        }
        String name = Bin.utf8OrNull(rodata, offset, end);
        if (name == null) {
            throw new ImageFormatException(where + ": name_offset " + hex(offset) + ": the name is not valid UTF-8");
        }
        return name;
    }
}
