package io.femto4j.runtime.image;

import io.femto4j.isa.DecodeException;
import io.femto4j.isa.Decoder;
import io.femto4j.isa.Program;

import java.util.List;
import java.util.Objects;

/**
 * Loads femto-container images from raw bytecode, clang ELF objects and rbf files, telling them apart by
 * content, and describes them for {@code femto inspect}. All input is treated as hostile: anything malformed
 * ends in an {@link ImageFormatException} that names the offending field, never in another exception.
 */
public final class Images {
    /** Largest file any reader accepts: 1 MiB. */
    public static final int MAX_FILE_SIZE = 1 << 20;
    /** Largest data region (.data and .bss) or rodata region: 1 MiB. */
    public static final int MAX_REGION_SIZE = 1 << 20;
    /** Most section headers an ELF file may have. */
    public static final int MAX_SECTION_HEADERS = 1024;
    /** Most ELF sections that are loaded or needed to load (code, data, their relocations, symbols). */
    public static final int MAX_SECTIONS_OF_INTEREST = 64;
    /** Most ELF symbols. */
    public static final int MAX_SYMBOLS = 65_536;
    /** Most ELF relocations applied to code. */
    public static final int MAX_RELOCATIONS = 65_536;
    /** Most functions in an image. */
    public static final int MAX_FUNCTIONS = 4_096;
    /** The one function of a raw image, at slot 0. */
    public static final String RAW_FUNCTION_NAME = "main";

    private Images() {
    }

    /**
     * The format of {@code bytes} judged by its first bytes: {@code \x7fELF} is ELF, {@code rBPF} is rbf
     * (and so is {@code FPBr}, the magic byte-swapped, so that the rbf reader can explain the mistake);
     * anything else is raw bytecode. A raw program whose first instruction happens to encode one of these
     * magics is therefore not loadable as raw through {@link #load(byte[])}; use
     * {@link #load(byte[], Image.Format, Decoder)}.
     */
    public static Image.Format detect(byte[] bytes) {
        if (bytes.length >= 4) {
            if ((bytes[0] & 0xff) == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F') {
                return Image.Format.ELF;
            }
            if ((bytes[0] == 'r' && bytes[1] == 'B' && bytes[2] == 'P' && bytes[3] == 'F')
                    || (bytes[0] == 'F' && bytes[1] == 'P' && bytes[2] == 'B' && bytes[3] == 'r')) {
                return Image.Format.RBF;
            }
        }
        return Image.Format.RAW;
    }

    /** Loads an image of any format, decoding its text with the strict decoder. */
    public static Image load(byte[] bytes) throws ImageFormatException {
        return load(bytes, Decoder.strict());
    }

    /** Loads an image of the format {@link #detect} finds, decoding its text with {@code decoder}. */
    public static Image load(byte[] bytes, Decoder decoder) throws ImageFormatException {
        return load(bytes, detect(bytes), decoder);
    }

    /**
     * Loads {@code bytes} as the given format. A raw image is text only, with one function
     * {@value #RAW_FUNCTION_NAME} at slot 0 whose name is not stored in rodata.
     */
    public static Image load(byte[] bytes, Image.Format format, Decoder decoder) throws ImageFormatException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(decoder, "decoder");
        return switch (format) {
            case ELF -> ElfReader.read(bytes, decoder);
            case RBF -> RbfReader.read(bytes, decoder);
            case RAW -> loadRaw(bytes, decoder);
        };
    }

    private static Image loadRaw(byte[] bytes, Decoder decoder) throws ImageFormatException {
        if (bytes.length > MAX_FILE_SIZE) {
            throw new ImageFormatException("raw bytecode is " + bytes.length + " bytes; at most " + MAX_FILE_SIZE
                    + " (1 MiB) are accepted");
        }
        if (bytes.length == 0) {
            throw new ImageFormatException("raw bytecode is empty: the program has no instructions");
        }
        if (bytes.length % 8 != 0) {
            throw new ImageFormatException("raw bytecode is " + bytes.length + " bytes, not a multiple of 8 (the instruction size)");
        }
        Program text;
        try {
            text = decoder.decode(bytes);
        } catch (DecodeException e) {
            throw new ImageFormatException("raw bytecode" + (e.index() < 0 ? "" : ", instruction at byte "
                    + Bin.hex(e.index() * 8L) + " (slot " + e.index() + ")") + ": " + e.reason(), e);
        }
        return Image.of(text, new byte[0], new byte[0], List.of(new Image.Function(RAW_FUNCTION_NAME, 0)),
                Image.Format.RAW, List.of(new Image.Section("(raw bytecode)", Image.Region.TEXT, 0, bytes.length)));
    }

    /**
     * The text {@code femto inspect} prints: format and header, where each source section landed, the
     * functions, hex dumps of data and rodata, and a disassembly of the text by function.
     */
    public static String describe(Image image) {
        return ImageDescriber.describe(image);
    }
}
