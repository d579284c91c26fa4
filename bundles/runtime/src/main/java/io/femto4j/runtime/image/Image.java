package io.femto4j.runtime.image;

import io.femto4j.isa.Op;
import io.femto4j.isa.Program;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded femto-container image: what the VM needs to run it, whatever file it came from.
 *
 * <ul>
 *   <li>{@link #text()}: the decoded program. Addresses of data are already resolved the Femto-Container
 *       way: {@code lddw} instructions that the ELF object relocated against data are opcode 0xB8
 *       ({@link Op#LDDW_DATA}, address of the data region + imm64) or 0xD8 ({@link Op#LDDW_RODATA}, address
 *       of the rodata region + imm64); BPF-to-BPF calls ({@link Op#CALL_LOCAL}) have their final
 *       {@code pc + imm + 1} targets.</li>
 *   <li>{@link #data()}: the initial contents of the writable data region: all {@code .data*} sections,
 *       then the zero-filled {@code .bss*}, padded to 8 bytes.</li>
 *   <li>{@link #rodata()}: the read-only region: all {@code .rodata*} sections and, as the upstream rbf
 *       converter lays it out, the function names (NUL-terminated), padded to 8 bytes.</li>
 *   <li>{@link #functions()}: named entry points, each a text slot. The default entry point is text slot 0,
 *       as upstream; {@link #defaultFunction()} names the function there, if any.</li>
 * </ul>
 *
 * Immutable: the accessors for the byte regions return copies. Two images are {@linkplain #equals equal}
 * when they would run identically (same text, regions and functions), whatever format they were read from
 * and however the source file was laid out ({@link #format()} and {@link #sections()} are provenance).
 */
public final class Image {

    /** The file format an image was read from. */
    public enum Format {
        /** Raw little-endian bytecode: text only. */
        RAW,
        /** A relocatable ELF object as {@code clang -target bpf -c} writes it. */
        ELF,
        /** The Femto-Container "rbf" format (see {@link RbfWriter}). */
        RBF
    }

    /** The three memory areas of an image. */
    public enum Region { TEXT, DATA, RODATA }

    /**
     * A named entry point.
     *
     * @param name       the function's name; not empty, no NUL character
     * @param slot       the text slot where the function starts
     * @param flags      the 16-bit flags of the rbf function table (upstream defines none; 0)
     * @param nameOffset where the name is stored NUL-terminated in {@link #rodata()}, or
     *                   {@link #NO_NAME_OFFSET} when it is not (raw images); {@link RbfWriter} then appends it
     */
    public record Function(String name, int slot, int flags, int nameOffset) {
        /** {@link #nameOffset()} of a function whose name is not stored in the rodata region. */
        public static final int NO_NAME_OFFSET = -1;

        public Function {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("function name must be non-empty and contain no NUL: '" + name + "'");
            }
            if (slot < 0) {
                throw new IllegalArgumentException("function " + name + ": negative slot " + slot);
            }
            if ((flags & ~0xffff) != 0) {
                throw new IllegalArgumentException("function " + name + ": flags " + flags + " do not fit 16 bits");
            }
            if (nameOffset < NO_NAME_OFFSET) {
                throw new IllegalArgumentException("function " + name + ": bad name offset " + nameOffset);
            }
        }

        /** A function with no flags whose name is not (yet) stored in rodata. */
        public Function(String name, int slot) {
            this(name, slot, 0, NO_NAME_OFFSET);
        }
    }

    /**
     * Where part of the source file landed in the image; for inspection only.
     *
     * @param name   the source section (an ELF section name, or the rbf part)
     * @param region the region it was placed in
     * @param offset its byte offset in that region
     * @param size   its size in bytes
     */
    public record Section(String name, Region region, int offset, int size) {
        public Section {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(region, "region");
            if (offset < 0 || size < 0) {
                throw new IllegalArgumentException("section " + name + ": negative offset or size");
            }
        }
    }

    private final Program text;
    private final byte[] data;
    private final byte[] rodata;
    private final List<Function> functions;
    private final Map<String, Function> byName;
    private final Format format;
    private final List<Section> sections;

    private Image(Program text, byte[] data, byte[] rodata, List<Function> functions, Map<String, Function> byName,
                  Format format, List<Section> sections) {
        this.text = text;
        this.data = data;
        this.rodata = rodata;
        this.functions = functions;
        this.byName = byName;
        this.format = format;
        this.sections = sections;
    }

    /**
     * An image of the given parts. The readers check their input with messages that name the file's fields;
     * this factory checks again, as a last line, and throws {@link IllegalArgumentException}: every function
     * must start at a slot inside the text that is not the second half of a two-slot load, names must be
     * unique, and a stored name must be at its {@code nameOffset} in rodata, NUL-terminated.
     */
    public static Image of(Program text, byte[] data, byte[] rodata, List<Function> functions, Format format,
                           List<Section> sections) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(format, "format");
        byte[] dataCopy = data.clone();
        byte[] rodataCopy = rodata.clone();
        List<Function> fns = List.copyOf(functions);
        Map<String, Function> map = new LinkedHashMap<>();
        for (Function f : fns) {
            if (f.slot() >= text.size()) {
                throw new IllegalArgumentException("function " + f.name() + " starts at slot " + f.slot()
                        + ", outside the " + text.size() + "-slot text");
            }
            if (text.get(f.slot()).op() == Op.WIDE_HI) {
                throw new IllegalArgumentException("function " + f.name() + " starts at slot " + f.slot()
                        + ", the second half of a two-slot load");
            }
            if (map.putIfAbsent(f.name(), f) != null) {
                throw new IllegalArgumentException("function name " + f.name() + " appears twice");
            }
            if (f.nameOffset() != Function.NO_NAME_OFFSET && !nameStoredAt(rodataCopy, f.nameOffset(), f.name())) {
                throw new IllegalArgumentException("function " + f.name() + ": rodata holds no NUL-terminated '"
                        + f.name() + "' at offset " + f.nameOffset());
            }
        }
        return new Image(text, dataCopy, rodataCopy, fns, Collections.unmodifiableMap(map), format,
                List.copyOf(sections));
    }

    static boolean nameStoredAt(byte[] rodata, int offset, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (offset < 0 || (long) offset + bytes.length >= rodata.length) {
            return false;
        }
        return Arrays.equals(rodata, offset, offset + bytes.length, bytes, 0, bytes.length)
                && rodata[offset + bytes.length] == 0;
    }

    /** The decoded program. */
    public Program text() {
        return text;
    }

    /** A copy of the initial contents of the writable data region ({@code .data*} then {@code .bss*}). */
    public byte[] data() {
        return data.clone();
    }

    /** Size of the data region in bytes. */
    public int dataSize() {
        return data.length;
    }

    /** A copy of the read-only data region ({@code .rodata*} and function names). */
    public byte[] rodata() {
        return rodata.clone();
    }

    /** Size of the rodata region in bytes. */
    public int rodataSize() {
        return rodata.length;
    }

    /** The named entry points, in the order of the file (ELF: by slot). */
    public List<Function> functions() {
        return functions;
    }

    /** The function called {@code name}. */
    public Optional<Function> function(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The function at text slot 0, the default entry point (as upstream), if one is named there. */
    public Optional<Function> defaultFunction() {
        for (Function f : functions) {
            if (f.slot() == 0) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The format the image was read from. */
    public Format format() {
        return format;
    }

    /** Where the parts of the source file were placed; provenance for inspection. */
    public List<Section> sections() {
        return sections;
    }

    /** Equal text, data, rodata and functions; format and section provenance are not compared. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Image other && text.equals(other.text) && Arrays.equals(data, other.data)
                && Arrays.equals(rodata, other.rodata) && functions.equals(other.functions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, Arrays.hashCode(data), Arrays.hashCode(rodata), functions);
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        for (Function f : functions) {
            names.add(f.name() + "@" + f.slot());
        }
        return "Image[" + format + ", " + text.size() + " slots, data " + data.length + " B, rodata " + rodata.length
                + " B, functions " + names + "]";
    }
}
