package io.femto4j.runtime.image;

import io.femto4j.isa.DecodeException;
import io.femto4j.isa.Decoder;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.femto4j.runtime.image.Bin.hex;
import static io.femto4j.runtime.image.Bin.quote;

/**
 * Reads a relocatable ELF object as {@code clang -target bpf -c} writes it (ELF64, little-endian,
 * {@code EM_BPF}, {@code ET_REL}) into an {@link Image}. The file is hostile input: every count, offset,
 * size, index, alignment and string reference is checked against the buffer before it is used, and nothing
 * is allocated from a size that has not been checked.
 *
 * <p>What is loaded:
 * <ul>
 *   <li>text: every executable section ({@code SHF_ALLOC|SHF_EXECINSTR}), {@code .text} first, then the
 *       others in section header order, each starting on a slot;</li>
 *   <li>data: the {@code .data} and {@code .data.*} sections, then {@code .bss} and {@code .bss.*} as
 *       zeros, each at its {@code sh_addralign}, padded to 8 bytes;</li>
 *   <li>rodata: the {@code .rodata} and {@code .rodata.*} sections (including string sections such as
 *       {@code .rodata.str1.1}), each at its alignment, then the function names (as the upstream rbf
 *       converter appends them), padded to 8 bytes;</li>
 *   <li>functions: every {@code STT_FUNC} symbol in an executable section, local or global, sorted by
 *       slot.</li>
 * </ul>
 * Relocations of the executable sections ({@code Elf64_Rel}) are applied: {@code R_BPF_64_64} (1) on an
 * {@code lddw} against a data, bss or rodata symbol becomes opcode 0xB8 (data) or 0xD8 (rodata) whose
 * immediate is the offset in that region (symbol value + the addend clang left in the immediate);
 * {@code R_BPF_64_32} (10) on a BPF-to-BPF call sets the immediate so that the call lands on its target,
 * which must be a function start. clang encodes the target of a call relocation as slot
 * {@code st_value / 8 + imm + 1} of the symbol's section (with {@code imm = -1} against a function symbol;
 * against a section symbol the immediate carries the slot), which is also how libbpf reads it. Calls to a
 * static function in the same section carry no relocation; they must stay inside their section.
 *
 * <p>Ignored: BTF, {@code .BTF.ext}, DWARF, {@code .llvm_addrsig} and every other section that is not
 * allocated, and relocation sections that apply to them. Rejected, with a message naming the section,
 * symbol or relocation: any other allocated section (e.g. {@code maps}, {@code license}), relocations in
 * data sections (initialised pointers), relocation types other than 1 and 10, relocations that do not hit
 * an {@code lddw} or call slot, references to undefined symbols (externs) and to functions as data
 * (function pointers).
 */
final class ElfReader {
    private static final int EHDR_SIZE = 64;
    private static final int SHDR_SIZE = 64;
    private static final int SYM_SIZE = 24;
    private static final int REL_SIZE = 16;

    static final int EM_BPF = 247;
    private static final int ET_REL = 1;

    private static final int SHT_NULL = 0;
    private static final int SHT_PROGBITS = 1;
    private static final int SHT_SYMTAB = 2;
    private static final int SHT_STRTAB = 3;
    private static final int SHT_RELA = 4;
    private static final int SHT_NOBITS = 8;
    private static final int SHT_REL = 9;

    private static final long SHF_WRITE = 0x1;
    private static final long SHF_ALLOC = 0x2;
    private static final long SHF_EXECINSTR = 0x4;
    private static final long SHF_TLS = 0x400;
    private static final long SHF_COMPRESSED = 0x800;

    private static final int STT_NOTYPE = 0;
    private static final int STT_OBJECT = 1;
    private static final int STT_FUNC = 2;
    private static final int STT_SECTION = 3;

    private static final int SHN_UNDEF = 0;
    private static final int SHN_LORESERVE = 0xff00;
    private static final int SHN_ABS = 0xfff1;
    private static final int SHN_COMMON = 0xfff2;

    static final int R_BPF_64_64 = 1;
    static final int R_BPF_64_32 = 10;

    /** Largest section alignment honoured when placing a data or rodata section. */
    private static final long MAX_ALIGN = 4096;

    private enum Kind { OTHER, TEXT, DATA, BSS, RODATA, SYMTAB, REL_TEXT }

    private record Header(int index, long nameOffset, long type, long flags, long offset, long size, long link,
                          long info, long addralign, long entsize) {
        boolean hasFileContent() {
            return type != SHT_NOBITS && type != SHT_NULL && size != 0;
        }
    }

    private record Symbol(int index, String name, int type, int shndx, long value, long size) {
    }

    private final byte[] file;
    private final Decoder decoder;

    private Header[] headers;
    private String[] names;
    private Kind[] kinds;
    private int symtabIndex = -1;
    private Symbol[] symbols = new Symbol[0];

    /** Per section index: where it starts in its region (text: slot; data/rodata: byte offset). */
    private long[] base;
    private final List<Integer> textSections = new ArrayList<>();
    private final List<Integer> relSections = new ArrayList<>();
    private int textSlots;
    /** Size of the .rodata* sections together; the function names follow them. */
    private long rodataSections;
    private byte[] text;
    /** Slots that are the second half of a two-slot load. */
    private BitSet secondHalf;
    private BitSet relocated;
    private BitSet functionStarts;

    private ElfReader(byte[] file, Decoder decoder) {
        this.file = file;
        this.decoder = decoder;
    }

    static Image read(byte[] file, Decoder decoder) throws ImageFormatException {
        return new ElfReader(file, decoder).read();
    }

    private Image read() throws ImageFormatException {
        int shnum = readFileHeader();
        readSectionHeaders(shnum);
        classifySections();
        readSymbols();
        placeText();
        List<Image.Section> placed = new ArrayList<>();
        byte[] data = placeData(placed);
        List<Image.Function> unnamed = findFunctions();
        applyRelocations();
        checkUnrelocatedCalls();
        Program program = decode();
        return assemble(program, data, unnamed, placed);
    }

    // ---------------------------------------------------------------- file header

    private int readFileHeader() throws ImageFormatException {
        if (file.length > Images.MAX_FILE_SIZE) {
            throw new ImageFormatException("ELF file is " + file.length + " bytes; at most " + Images.MAX_FILE_SIZE
                    + " (1 MiB) are accepted");
        }
        if (file.length < EHDR_SIZE) {
            throw new ImageFormatException("ELF file is " + file.length + " bytes, shorter than the 64-byte ELF header");
        }
        if (Bin.u8(file, 0) != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F') {
            throw new ImageFormatException(String.format("ELF e_ident magic is %02x %02x %02x %02x; expected 7f 45 4c 46",
                    file[0], file[1], file[2], file[3]));
        }
        int elfClass = Bin.u8(file, 4);
        if (elfClass != 2) {
            throw new ImageFormatException("ELF e_ident[EI_CLASS] is " + elfClass
                    + (elfClass == 1 ? " (ELFCLASS32)" : "") + "; only ELFCLASS64 (2) is supported");
        }
        int elfData = Bin.u8(file, 5);
        if (elfData != 1) {
            throw new ImageFormatException("ELF e_ident[EI_DATA] is " + elfData + (elfData == 2 ? " (big-endian)" : "")
                    + "; only little-endian ELFDATA2LSB (1) is supported (clang -target bpf or bpfel)");
        }
        int identVersion = Bin.u8(file, 6);
        if (identVersion != 1) {
            throw new ImageFormatException("ELF e_ident[EI_VERSION] is " + identVersion + "; expected EV_CURRENT (1)");
        }
        int type = Bin.u16(file, 16);
        if (type != ET_REL) {
            throw new ImageFormatException("ELF e_type is " + type + typeName(type)
                    + "; only relocatable objects (ET_REL, 1) as clang -c writes them are supported");
        }
        int machine = Bin.u16(file, 18);
        if (machine != EM_BPF) {
            throw new ImageFormatException("ELF e_machine is " + machine + "; expected EM_BPF (247)");
        }
        long version = Bin.u32(file, 20);
        if (version != 1) {
            throw new ImageFormatException("ELF e_version is " + version + "; expected EV_CURRENT (1)");
        }
        long phoff = Bin.u64(file, 32);
        int phnum = Bin.u16(file, 56);
        if (phnum != 0 || phoff != 0) {
            throw new ImageFormatException("ELF e_phnum is " + phnum + " and e_phoff " + hex(phoff)
                    + "; a relocatable object has no program headers");
        }
        int ehsize = Bin.u16(file, 52);
        if (ehsize != EHDR_SIZE) {
            throw new ImageFormatException("ELF e_ehsize is " + ehsize + "; expected 64 (Elf64_Ehdr)");
        }
        int shentsize = Bin.u16(file, 58);
        if (shentsize != SHDR_SIZE) {
            throw new ImageFormatException("ELF e_shentsize is " + shentsize + "; expected 64 (Elf64_Shdr)");
        }
        int shnum = Bin.u16(file, 60);
        if (shnum == 0) {
            throw new ImageFormatException("ELF e_shnum is 0: no section headers (extended section numbering is not supported)");
        }
        if (shnum > Images.MAX_SECTION_HEADERS) {
            throw new ImageFormatException("ELF e_shnum is " + shnum + "; at most " + Images.MAX_SECTION_HEADERS
                    + " section headers are supported");
        }
        long shoff = Bin.u64(file, 40);
        long tableSize = (long) shnum * SHDR_SIZE;
        if (Long.compareUnsigned(shoff, file.length) > 0 || tableSize > file.length - shoff) {
            throw new ImageFormatException("ELF e_shoff " + hex(shoff) + " + e_shnum " + shnum + " * 64 exceeds file size "
                    + hex(file.length));
        }
        if (shoff % 8 != 0) {
            throw new ImageFormatException("ELF e_shoff " + hex(shoff) + " is not a multiple of 8");
        }
        int shstrndx = Bin.u16(file, 62);
        if (shstrndx == SHN_UNDEF || shstrndx >= shnum) {
            throw new ImageFormatException("ELF e_shstrndx is " + shstrndx + "; expected the index of the section name table (1 to "
                    + (shnum - 1) + "; extended indices are not supported)");
        }
        return shnum;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0 -> " (ET_NONE)";
            case 2 -> " (ET_EXEC)";
            case 3 -> " (ET_DYN)";
            case 4 -> " (ET_CORE)";
            default -> "";
        };
    }

    // ---------------------------------------------------------------- section headers

    private void readSectionHeaders(int shnum) throws ImageFormatException {
        int shoff = (int) Bin.u64(file, 40);
        headers = new Header[shnum];
        for (int i = 0; i < shnum; i++) {
            int at = shoff + i * SHDR_SIZE;
            Header h = new Header(i, Bin.u32(file, at), Bin.u32(file, at + 4), Bin.u64(file, at + 8), Bin.u64(file, at + 24),
                    Bin.u64(file, at + 32), Bin.u32(file, at + 40), Bin.u32(file, at + 44), Bin.u64(file, at + 48),
                    Bin.u64(file, at + 56));
            String where = "ELF section header " + i;
            if (i == 0) {
                if (h.type != SHT_NULL) {
                    throw new ImageFormatException(where + ": sh_type " + h.type + "; the first section header must be SHT_NULL (0)");
                }
            } else if (h.type != SHT_NOBITS && h.type != SHT_NULL) {
                if (Long.compareUnsigned(h.offset, file.length) > 0
                        || Long.compareUnsigned(h.size, file.length - h.offset) > 0) {
                    throw new ImageFormatException(where + ": sh_offset " + hex(h.offset) + " + sh_size " + hex(h.size)
                            + " exceeds file size " + hex(file.length));
                }
            }
            if (h.addralign != 0 && (h.addralign & (h.addralign - 1)) != 0) {
                throw new ImageFormatException(where + ": sh_addralign " + hex(h.addralign) + " is not a power of two");
            }
            headers[i] = h;
        }
        int shstrndx = Bin.u16(file, 62);
        Header strtab = headers[shstrndx];
        if (strtab.type != SHT_STRTAB) {
            throw new ImageFormatException("ELF e_shstrndx " + shstrndx + " names section " + shstrndx + " of type " + strtab.type
                    + ", not a string table (SHT_STRTAB, 3)");
        }
        names = new String[shnum];
        names[0] = "";
        for (int i = 1; i < shnum; i++) {
            names[i] = string(strtab, headers[i].nameOffset, "ELF section header " + i + ": sh_name",
                    "the section name table (section " + shstrndx + ")");
        }
        checkOverlaps();
    }

    /** Rejects sections whose file ranges overlap each other, the ELF header or the section header table. */
    private void checkOverlaps() throws ImageFormatException {
        record Range(long start, long end, String label) {
        }
        List<Range> ranges = new ArrayList<>();
        ranges.add(new Range(0, EHDR_SIZE, "the ELF header"));
        long shoff = Bin.u64(file, 40);
        ranges.add(new Range(shoff, shoff + (long) headers.length * SHDR_SIZE, "the section header table"));
        for (Header h : headers) {
            if (h.hasFileContent()) {
                ranges.add(new Range(h.offset, h.offset + h.size, label(h.index)));
            }
        }
        ranges.sort(Comparator.comparingLong(Range::start).thenComparingLong(Range::end));
        Range widest = ranges.get(0);
        for (int i = 1; i < ranges.size(); i++) {
            Range r = ranges.get(i);
            if (r.start < widest.end) {
                throw new ImageFormatException("ELF " + widest.label + " (" + hex(widest.start) + ".." + hex(widest.end) + ") and "
                        + r.label + " (" + hex(r.start) + ".." + hex(r.end) + ") overlap");
            }
            if (r.end > widest.end) {
                widest = r;
            }
        }
    }

    private String label(int index) {
        String name = names == null || names[index] == null ? "" : " " + names[index];
        return "section " + index + " (" + (name.isEmpty() ? "unnamed" : name.substring(1)) + ")";
    }

    /**
     * The NUL-terminated UTF-8 string at {@code offset} of string table {@code table}.
     *
     * @param field     the referring field, for messages ("ELF symbol 3: st_name")
     * @param tableName the table, for messages
     */
    private String string(Header table, long offset, String field, String tableName) throws ImageFormatException {
        if (Long.compareUnsigned(offset, table.size) >= 0) {
            throw new ImageFormatException(field + " " + hex(offset) + " is outside " + tableName + ", " + hex(table.size)
                    + " bytes");
        }
        int start = (int) (table.offset + offset);
        int end = (int) (table.offset + table.size);
        for (int i = start; i < end; i++) {
            if (file[i] == 0) {
                String s = Bin.utf8OrNull(file, start, i);
                if (s == null) {
                    throw new ImageFormatException(field + " " + hex(offset) + ": the name is not valid UTF-8");
                }
                return s;
            }
        }
        throw new ImageFormatException(field + " " + hex(offset) + ": the name is not NUL-terminated within " + tableName);
    }

    // ---------------------------------------------------------------- classification

    private void classifySections() throws ImageFormatException {
        int n = headers.length;
        kinds = new Kind[n];
        kinds[0] = Kind.OTHER;
        List<Integer> relocationSections = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            Header h = headers[i];
            String name = names[i];
            kinds[i] = Kind.OTHER;
            if ((h.flags & SHF_ALLOC) != 0) {
                kinds[i] = allocatedKind(h, name);
                if ((h.flags & (SHF_COMPRESSED | SHF_TLS)) != 0) {
                    throw new ImageFormatException("ELF " + label(i) + ": sh_flags " + hex(h.flags)
                            + " marks it compressed or thread-local, which is not supported for a loaded section");
                }
                if (Long.compareUnsigned(h.addralign, MAX_ALIGN) > 0) {
                    throw new ImageFormatException("ELF " + label(i) + ": sh_addralign " + hex(h.addralign) + " exceeds "
                            + MAX_ALIGN);
                }
                if (h.type != SHT_NOBITS && h.addralign > 1 && h.offset % h.addralign != 0) {
                    throw new ImageFormatException("ELF " + label(i) + ": sh_offset " + hex(h.offset)
                            + " is not a multiple of its sh_addralign " + hex(h.addralign));
                }
            } else if (h.type == SHT_SYMTAB) {
                if (symtabIndex >= 0) {
                    throw new ImageFormatException("ELF " + label(i) + ": a second symbol table (the first is section "
                            + symtabIndex + ")");
                }
                symtabIndex = i;
                kinds[i] = Kind.SYMTAB;
            } else if (h.type == SHT_REL || h.type == SHT_RELA) {
                relocationSections.add(i);
            }
        }
        for (int i : relocationSections) {
            classifyRelocations(i);
        }
        int interesting = relSections.size() + (symtabIndex >= 0 ? 2 : 0);
        for (Kind k : kinds) {
            if (k == Kind.TEXT || k == Kind.DATA || k == Kind.BSS || k == Kind.RODATA) {
                interesting++;
            }
        }
        if (interesting > Images.MAX_SECTIONS_OF_INTEREST) {
            throw new ImageFormatException("ELF file has " + interesting + " sections to load (executable, data, bss and rodata"
                    + " sections, their relocations and the symbol table); at most " + Images.MAX_SECTIONS_OF_INTEREST
                    + " are supported");
        }
    }

    private Kind allocatedKind(Header h, String name) throws ImageFormatException {
        String where = "ELF " + label(h.index);
        if ((h.flags & SHF_EXECINSTR) != 0) {
            if (h.type != SHT_PROGBITS) {
                throw new ImageFormatException(where + ": executable section of sh_type " + h.type + "; expected SHT_PROGBITS (1)");
            }
            if (h.size % 8 != 0) {
                throw new ImageFormatException(where + ": sh_size " + hex(h.size) + " is not a multiple of 8 (the instruction size)");
            }
            return Kind.TEXT;
        }
        if (named(name, ".data")) {
            requireType(h, SHT_PROGBITS, "SHT_PROGBITS (1)");
            if ((h.flags & SHF_WRITE) == 0) {
                throw new ImageFormatException(where + ": sh_flags " + hex(h.flags) + " lack SHF_WRITE for a data section");
            }
            return Kind.DATA;
        }
        if (named(name, ".bss")) {
            requireType(h, SHT_NOBITS, "SHT_NOBITS (8)");
            if ((h.flags & SHF_WRITE) == 0) {
                throw new ImageFormatException(where + ": sh_flags " + hex(h.flags) + " lack SHF_WRITE for a bss section");
            }
            return Kind.BSS;
        }
        if (named(name, ".rodata")) {
            requireType(h, SHT_PROGBITS, "SHT_PROGBITS (1)");
            return Kind.RODATA;
        }
        throw new ImageFormatException(where + ": allocated section (sh_flags " + hex(h.flags)
                + ") is not supported; femto-containers load only executable sections, .data*, .bss* and .rodata*");
    }

    private static boolean named(String name, String prefix) {
        return name.equals(prefix) || name.startsWith(prefix + ".");
    }

    private void requireType(Header h, int type, String expected) throws ImageFormatException {
        if (h.type != type) {
            throw new ImageFormatException("ELF " + label(h.index) + ": sh_type " + h.type + "; expected " + expected);
        }
    }

    private void classifyRelocations(int i) throws ImageFormatException {
        Header h = headers[i];
        String where = "ELF " + label(i);
        if (h.info == 0 || h.info >= headers.length) {
            throw new ImageFormatException(where + ": sh_info " + h.info + " names no section (" + headers.length
                    + " section headers)");
        }
        int target = (int) h.info;
        Kind targetKind = kinds[target];
        if (targetKind == Kind.OTHER || targetKind == Kind.SYMTAB || targetKind == Kind.REL_TEXT) {
            return; // relocations of BTF, .BTF.ext, DWARF and other unloaded sections do not matter here
        }
        if (targetKind != Kind.TEXT) {
            throw new ImageFormatException(where + ": relocations in " + label(target) + " are not supported: initialised"
                    + " pointers (addresses stored in data) cannot be expressed in a femto-container image");
        }
        if (h.type == SHT_RELA) {
            throw new ImageFormatException(where + ": sh_type SHT_RELA (4) is not supported for code; clang writes SHT_REL (9)"
                    + " for BPF");
        }
        if (h.link != symtabIndex || symtabIndex < 0) {
            throw new ImageFormatException(where + ": sh_link " + h.link + " is not the symbol table"
                    + (symtabIndex < 0 ? " (the file has none)" : " (section " + symtabIndex + ")"));
        }
        if (h.entsize != REL_SIZE) {
            throw new ImageFormatException(where + ": sh_entsize " + h.entsize + "; expected 16 (Elf64_Rel)");
        }
        if (h.size % REL_SIZE != 0) {
            throw new ImageFormatException(where + ": sh_size " + hex(h.size) + " is not a multiple of 16 (Elf64_Rel)");
        }
        if (h.offset % 8 != 0) {
            throw new ImageFormatException(where + ": sh_offset " + hex(h.offset) + " is not a multiple of 8");
        }
        for (int other : relSections) {
            if (headers[other].info == target) {
                throw new ImageFormatException(where + ": a second relocation section for " + label(target)
                        + " (the first is section " + other + ")");
            }
        }
        kinds[i] = Kind.REL_TEXT;
        relSections.add(i);
    }

    // ---------------------------------------------------------------- symbols

    private void readSymbols() throws ImageFormatException {
        if (symtabIndex < 0) {
            return; // no symbols: no functions; relocation sections already required one
        }
        Header h = headers[symtabIndex];
        String where = "ELF " + label(symtabIndex);
        if (h.entsize != SYM_SIZE) {
            throw new ImageFormatException(where + ": sh_entsize " + h.entsize + "; expected 24 (Elf64_Sym)");
        }
        if (h.size % SYM_SIZE != 0) {
            throw new ImageFormatException(where + ": sh_size " + hex(h.size) + " is not a multiple of 24 (Elf64_Sym)");
        }
        if (h.offset % 8 != 0) {
            throw new ImageFormatException(where + ": sh_offset " + hex(h.offset) + " is not a multiple of 8");
        }
        long count = h.size / SYM_SIZE;
        if (count > Images.MAX_SYMBOLS) {
            throw new ImageFormatException(where + ": " + count + " symbols; at most " + Images.MAX_SYMBOLS + " are supported");
        }
        if (h.link == 0 || h.link >= headers.length || headers[(int) h.link].type != SHT_STRTAB) {
            throw new ImageFormatException(where + ": sh_link " + h.link + " is not a string table (SHT_STRTAB)");
        }
        Header strtab = headers[(int) h.link];
        String tableName = "the symbol name table (section " + h.link + ")";
        symbols = new Symbol[(int) count];
        for (int k = 0; k < count; k++) {
            int at = (int) h.offset + k * SYM_SIZE;
            String field = "ELF symbol " + k;
            String name = string(strtab, Bin.u32(file, at), field + ": st_name", tableName);
            int info = Bin.u8(file, at + 4);
            int shndx = Bin.u16(file, at + 6);
            if (shndx >= SHN_LORESERVE ? shndx != SHN_ABS && shndx != SHN_COMMON : shndx >= headers.length) {
                throw new ImageFormatException(field + " (" + quote(name) + "): st_shndx " + hex(shndx)
                        + (shndx >= SHN_LORESERVE ? " is a reserved index that is not supported"
                        : " names no section (" + headers.length + " section headers)"));
            }
            symbols[k] = new Symbol(k, name, info & 0xf, shndx, Bin.u64(file, at + 8), Bin.u64(file, at + 16));
        }
    }

    private String describe(Symbol s) {
        if (s.name.isEmpty() && s.type == STT_SECTION && s.shndx < headers.length) {
            return "section symbol " + s.index + " (" + names[s.shndx] + ")";
        }
        return "symbol " + s.index + (s.name.isEmpty() ? "" : " (" + quote(s.name) + ")");
    }

    // ---------------------------------------------------------------- layout

    private void placeText() throws ImageFormatException {
        base = new long[headers.length];
        for (int i = 1; i < headers.length; i++) {
            if (kinds[i] == Kind.TEXT && names[i].equals(".text")) {
                textSections.add(i);
            }
        }
        for (int i = 1; i < headers.length; i++) {
            if (kinds[i] == Kind.TEXT && !names[i].equals(".text")) {
                textSections.add(i);
            }
        }
        long bytes = 0;
        for (int i : textSections) {
            base[i] = bytes / 8;
            bytes += headers[i].size; // each is inside the file, so the sum is bounded by the file size times 64
        }
        if (bytes == 0) {
            throw new ImageFormatException("ELF file has no instructions: no executable section with code");
        }
        if (bytes > Images.MAX_FILE_SIZE) {
            throw new ImageFormatException("ELF executable sections hold " + bytes + " bytes; at most " + Images.MAX_FILE_SIZE
                    + " are supported");
        }
        textSlots = (int) (bytes / 8);
        text = new byte[(int) bytes];
        secondHalf = new BitSet(textSlots);
        relocated = new BitSet(textSlots);
        functionStarts = new BitSet(textSlots);
        for (int i : textSections) {
            Header h = headers[i];
            int start = (int) base[i];
            int slots = (int) (h.size / 8);
            System.arraycopy(file, (int) h.offset, text, start * 8, (int) h.size);
            for (int s = start; s < start + slots; s++) {
                if (secondHalf.get(s)) {
                    continue;
                }
                List<Op> ops = Op.withOpcode(Bin.u8(text, s * 8));
                if (!ops.isEmpty() && ops.get(0).isWide()) {
                    if (s + 1 >= start + slots) {
                        throw new ImageFormatException("ELF " + label(i) + ": the two-slot load at byte " + hex((s - start) * 8L)
                                + " is cut off by the end of the section");
                    }
                    secondHalf.set(s + 1);
                }
            }
        }
    }

    /** Places data, bss and rodata sections; returns the data region. Rodata is finished in {@link #assemble}. */
    private byte[] placeData(List<Image.Section> placed) throws ImageFormatException {
        for (int i : textSections) {
            placed.add(new Image.Section(names[i], Image.Region.TEXT, (int) base[i] * 8, (int) headers[i].size));
        }
        long dataSize = place(Kind.DATA, 0, Image.Region.DATA, placed);
        dataSize = place(Kind.BSS, dataSize, Image.Region.DATA, placed);
        rodataSections = place(Kind.RODATA, 0, Image.Region.RODATA, placed);
        byte[] data = new byte[(int) Bin.alignUp(dataSize, 8)];
        for (int i = 1; i < headers.length; i++) {
            if (kinds[i] == Kind.DATA) {
                System.arraycopy(file, (int) headers[i].offset, data, (int) base[i], (int) headers[i].size);
            }
        }
        return data;
    }

    private long place(Kind kind, long start, Image.Region region, List<Image.Section> placed) throws ImageFormatException {
        long at = start;
        for (int i = 1; i < headers.length; i++) {
            if (kinds[i] != kind) {
                continue;
            }
            Header h = headers[i];
            at = Bin.alignUp(at, Math.max(1, h.addralign));
            // .bss sizes are not bounded by the file: check before adding (and long before allocating)
            if (Long.compareUnsigned(h.size, Images.MAX_REGION_SIZE) > 0 || at + h.size > Images.MAX_REGION_SIZE) {
                throw new ImageFormatException("ELF " + label(i) + ": sh_size " + hex(h.size) + " at offset " + hex(at)
                        + " makes the " + region.name().toLowerCase() + " region larger than " + Images.MAX_REGION_SIZE
                        + " bytes (1 MiB)");
            }
            base[i] = at;
            placed.add(new Image.Section(names[i], region, (int) at, (int) h.size));
            at += h.size;
        }
        return at;
    }

    // ---------------------------------------------------------------- functions

    private List<Image.Function> findFunctions() throws ImageFormatException {
        List<Image.Function> functions = new ArrayList<>();
        Map<String, Symbol> byName = new HashMap<>();
        for (Symbol s : symbols) {
            if (s.type != STT_FUNC || s.shndx == SHN_UNDEF) {
                continue;
            }
            String where = "ELF " + describe(s);
            if (s.shndx >= SHN_LORESERVE || kinds[s.shndx] != Kind.TEXT) {
                throw new ImageFormatException(where + ": STT_FUNC in "
                        + (s.shndx >= SHN_LORESERVE ? "reserved section index " + hex(s.shndx) : label(s.shndx))
                        + ", which is not an executable section");
            }
            Header h = headers[s.shndx];
            if (s.name.isEmpty()) {
                throw new ImageFormatException(where + ": STT_FUNC without a name");
            }
            if (s.value % 8 != 0) {
                throw new ImageFormatException(where + ": st_value " + hex(s.value) + " is not a multiple of 8 (the instruction size)");
            }
            if (Long.compareUnsigned(s.value, h.size) >= 0) {
                throw new ImageFormatException(where + ": st_value " + hex(s.value) + " is outside " + label(s.shndx) + ", "
                        + hex(h.size) + " bytes");
            }
            if (Long.compareUnsigned(s.size, h.size - s.value) > 0) {
                throw new ImageFormatException(where + ": st_value " + hex(s.value) + " + st_size " + hex(s.size) + " exceeds "
                        + label(s.shndx) + ", " + hex(h.size) + " bytes");
            }
            int slot = (int) (base[s.shndx] + s.value / 8);
            if (secondHalf.get(slot)) {
                throw new ImageFormatException(where + ": st_value " + hex(s.value) + " is the second half of a two-slot load");
            }
            Symbol before = byName.putIfAbsent(s.name, s);
            if (before != null) {
                throw new ImageFormatException(where + ": function name " + quote(s.name) + " is defined twice (symbols "
                        + before.index + " and " + s.index + ")");
            }
            if (functions.size() >= Images.MAX_FUNCTIONS) {
                throw new ImageFormatException("ELF file defines more than " + Images.MAX_FUNCTIONS + " functions");
            }
            functions.add(new Image.Function(s.name, slot));
            functionStarts.set(slot);
        }
        functions.sort(Comparator.comparingInt(Image.Function::slot).thenComparing(Image.Function::name));
        return functions;
    }

    // ---------------------------------------------------------------- relocations

    private void applyRelocations() throws ImageFormatException {
        long total = 0;
        for (int r : relSections) {
            total += headers[r].size / REL_SIZE;
        }
        if (total > Images.MAX_RELOCATIONS) {
            throw new ImageFormatException("ELF file has " + total + " relocations in code; at most " + Images.MAX_RELOCATIONS
                    + " are supported");
        }
        for (int r : relSections) {
            Header rel = headers[r];
            int target = (int) rel.info;
            Header section = headers[target];
            long count = rel.size / REL_SIZE;
            for (int k = 0; k < count; k++) {
                int at = (int) rel.offset + k * REL_SIZE;
                long offset = Bin.u64(file, at);
                long info = Bin.u64(file, at + 8);
                long symIndex = info >>> 32;
                long type = info & 0xffffffffL;
                String where = "ELF relocation " + k + " in " + label(r);
                if (offset % 8 != 0) {
                    throw new ImageFormatException(where + ": r_offset " + hex(offset)
                            + " is not a multiple of 8 (an instruction boundary)");
                }
                if (Long.compareUnsigned(offset, section.size) >= 0) {
                    throw new ImageFormatException(where + ": r_offset " + hex(offset) + " is outside " + label(target) + ", "
                            + hex(section.size) + " bytes");
                }
                if (symIndex == 0 || symIndex >= symbols.length) {
                    throw new ImageFormatException(where + ": r_info symbol " + symIndex + (symIndex == 0 ? " is the null symbol"
                            : " is outside the symbol table (" + symbols.length + " symbols)"));
                }
                int slot = (int) (base[target] + offset / 8);
                String site = where + ": r_offset " + hex(offset) + " in " + label(target);
                if (secondHalf.get(slot)) {
                    throw new ImageFormatException(site + " hits the second half of a two-slot load");
                }
                if (relocated.get(slot)) {
                    throw new ImageFormatException(site + " is relocated twice");
                }
                relocated.set(slot);
                Symbol sym = symbols[(int) symIndex];
                if (type == R_BPF_64_64) {
                    relocateLoad(site, slot, sym);
                } else if (type == R_BPF_64_32) {
                    relocateCall(site, slot, sym);
                } else {
                    throw new ImageFormatException(where + ": r_info type " + type + relocationName(type)
                            + " is not supported in code; expected R_BPF_64_64 (1) or R_BPF_64_32 (10)");
                }
            }
        }
    }

    static String relocationName(long type) {
        return switch ((int) type) {
            case 0 -> " (R_BPF_NONE)";
            case 1 -> " (R_BPF_64_64)";
            case 2 -> " (R_BPF_64_ABS64)";
            case 3 -> " (R_BPF_64_ABS32)";
            case 4 -> " (R_BPF_64_NODYLD32)";
            case 10 -> " (R_BPF_64_32)";
            default -> " (unknown)";
        };
    }

    /** R_BPF_64_64: an lddw of the address of data, bss or rodata becomes 0xB8 / 0xD8 with the region offset. */
    private void relocateLoad(String site, int slot, Symbol sym) throws ImageFormatException {
        int at = slot * 8;
        int opcode = Bin.u8(text, at);
        if (opcode != Op.LDDW.opcode()) {
            throw new ImageFormatException(site + ": R_BPF_64_64 does not hit an lddw (opcode 0x18): found opcode "
                    + String.format("0x%02x", opcode));
        }
        int src = Bin.u8(text, at + 1) >> 4;
        if (src != 0) {
            throw new ImageFormatException(site + ": R_BPF_64_64 on an lddw with src " + src
                    + " (a map or BTF reference), which cannot be turned into a data address");
        }
        Kind kind = symbolSectionKind(site, sym, "R_BPF_64_64");
        if (kind == Kind.TEXT) {
            throw new ImageFormatException(site + ": R_BPF_64_64 against " + describe(sym) + " in " + label(sym.shndx)
                    + " takes the address of code; function pointers cannot be expressed in a femto-container image");
        }
        if (kind != Kind.DATA && kind != Kind.BSS && kind != Kind.RODATA) {
            throw new ImageFormatException(site + ": R_BPF_64_64 against " + describe(sym) + " in " + label(sym.shndx)
                    + ", which is not loaded (only .data*, .bss* and .rodata* can be addressed)");
        }
        if (sym.type != STT_NOTYPE && sym.type != STT_OBJECT && sym.type != STT_SECTION) {
            throw new ImageFormatException(site + ": R_BPF_64_64 against " + describe(sym) + " of st_type " + sym.type
                    + "; expected an object, section or untyped symbol");
        }
        Header h = headers[sym.shndx];
        long addend = Bin.u32(text, at + 4) | Bin.u32(text, at + 12) << 32;
        long offsetInSection = sym.value + addend;
        boolean overflow = sym.value < 0 || ((sym.value ^ offsetInSection) & (addend ^ offsetInSection)) < 0;
        if (overflow || offsetInSection < 0 || offsetInSection > h.size) {
            throw new ImageFormatException(site + ": R_BPF_64_64 against " + describe(sym) + ": st_value " + hex(sym.value)
                    + " + addend " + hex(addend) + " lies outside " + label(sym.shndx) + ", " + hex(h.size) + " bytes");
        }
        long regionOffset = base[sym.shndx] + offsetInSection; // below 1 MiB + 1: the region was bounded in place()
        text[at] = (byte) (kind == Kind.RODATA ? Op.LDDW_RODATA.opcode() : Op.LDDW_DATA.opcode());
        Bin.put32(text, at + 4, regionOffset);
        Bin.put32(text, at + 12, 0);
    }

    /** R_BPF_64_32: a BPF-to-BPF call gets the pc-relative immediate of its target in the concatenated text. */
    private void relocateCall(String site, int slot, Symbol sym) throws ImageFormatException {
        int at = slot * 8;
        int opcode = Bin.u8(text, at);
        int src = Bin.u8(text, at + 1) >> 4;
        if (opcode != Op.CALL_LOCAL.opcode() || src != 1) {
            throw new ImageFormatException(site + ": R_BPF_64_32 does not hit a BPF-to-BPF call (opcode 0x85, src 1): found"
                    + String.format(" opcode 0x%02x, src %d", opcode, src));
        }
        if (sym.shndx == SHN_UNDEF) {
            throw new ImageFormatException(site + ": call to undefined " + describe(sym) + "; helpers are called by number"
                    + " (src 0) and every other function must be defined in the object");
        }
        Kind kind = symbolSectionKind(site, sym, "R_BPF_64_32");
        if (kind != Kind.TEXT) {
            throw new ImageFormatException(site + ": call to " + describe(sym) + " in " + label(sym.shndx)
                    + ", which is not an executable section");
        }
        Header h = headers[sym.shndx];
        if (sym.value % 8 != 0 || Long.compareUnsigned(sym.value, h.size) > 0) {
            throw new ImageFormatException(site + ": call to " + describe(sym) + ": st_value " + hex(sym.value)
                    + " is not an instruction boundary inside " + label(sym.shndx));
        }
        int imm = Bin.s32(text, at + 4);
        long inSection = sym.value / 8 + imm + 1L;
        long slots = h.size / 8;
        if (inSection < 0 || inSection >= slots) {
            throw new ImageFormatException(site + ": call to " + describe(sym) + " with imm " + imm + " lands on slot "
                    + inSection + " of " + label(sym.shndx) + ", which has " + slots + " slots");
        }
        int targetSlot = (int) (base[sym.shndx] + inSection);
        if (!functionStarts.get(targetSlot)) {
            throw new ImageFormatException(site + ": call to " + describe(sym) + " lands on slot " + inSection + " of "
                    + label(sym.shndx) + ", which is not the start of a function (no STT_FUNC symbol there)");
        }
        Bin.put32(text, at + 4, targetSlot - (slot + 1L));
    }

    private Kind symbolSectionKind(String site, Symbol sym, String type) throws ImageFormatException {
        if (sym.shndx == SHN_UNDEF) {
            throw new ImageFormatException(site + ": " + type + " against undefined " + describe(sym)
                    + "; an extern variable has no storage in a femto-container image");
        }
        if (sym.shndx == SHN_COMMON) {
            throw new ImageFormatException(site + ": " + type + " against common " + describe(sym)
                    + " (st_shndx SHN_COMMON); compile with -fno-common");
        }
        if (sym.shndx >= SHN_LORESERVE) {
            throw new ImageFormatException(site + ": " + type + " against absolute " + describe(sym)
                    + " (st_shndx " + hex(sym.shndx) + "), which is not supported");
        }
        return kinds[sym.shndx];
    }

    /** Calls that clang resolved itself (static functions in the same section) must stay in their section. */
    private void checkUnrelocatedCalls() throws ImageFormatException {
        for (int i : textSections) {
            int start = (int) base[i];
            int end = start + (int) (headers[i].size / 8);
            for (int s = start; s < end; s++) {
                int at = s * 8;
                if (secondHalf.get(s) || relocated.get(s) || Bin.u8(text, at) != Op.CALL_LOCAL.opcode()
                        || Bin.u8(text, at + 1) >> 4 != 1) {
                    continue;
                }
                long target = s + 1L + Bin.s32(text, at + 4);
                String where = "ELF " + label(i) + ": the call at byte " + hex((s - start) * 8L) + " has no relocation and ";
                if (target < start || target >= end) {
                    throw new ImageFormatException(where + "its target slot " + (target - start) + " lies outside the section ("
                            + (end - start) + " slots)");
                }
                if (!functionStarts.get((int) target)) {
                    throw new ImageFormatException(where + "its target slot " + (target - start)
                            + " is not the start of a function (no STT_FUNC symbol there)");
                }
            }
        }
    }

    // ---------------------------------------------------------------- result

    private Program decode() throws ImageFormatException {
        try {
            return decoder.decode(text);
        } catch (DecodeException e) {
            if (e.index() < 0) {
                throw new ImageFormatException("ELF text: " + e.reason(), e);
            }
            for (int i : textSections) {
                long start = base[i];
                if (e.index() >= start && e.index() < start + headers[i].size / 8) {
                    throw new ImageFormatException("ELF " + label(i) + ", instruction at byte "
                            + hex((e.index() - start) * 8) + " (text slot " + e.index() + "): " + e.reason(), e);
                }
            }
            throw new ImageFormatException("ELF text slot " + e.index() + ": " + e.reason(), e);
        }
    }

    private Image assemble(Program program, byte[] data, List<Image.Function> unnamed, List<Image.Section> placed)
            throws ImageFormatException {
        // The function names follow the .rodata* sections, as the upstream converter appends them.
        long namesStart = rodataSections;
        long at = namesStart;
        List<byte[]> encoded = new ArrayList<>(unnamed.size());
        for (Image.Function f : unnamed) {
            byte[] bytes = f.name().getBytes(StandardCharsets.UTF_8);
            encoded.add(bytes);
            at += bytes.length + 1L;
        }
        long rodataSize = Bin.alignUp(at, 8);
        if (rodataSize > Images.MAX_REGION_SIZE) {
            throw new ImageFormatException("ELF rodata region (.rodata* and " + unnamed.size() + " function names) would be "
                    + rodataSize + " bytes; at most " + Images.MAX_REGION_SIZE + " (1 MiB) are supported");
        }
        byte[] rodata = new byte[(int) rodataSize];
        for (int i = 1; i < headers.length; i++) {
            if (kinds[i] == Kind.RODATA) {
                System.arraycopy(file, (int) headers[i].offset, rodata, (int) base[i], (int) headers[i].size);
            }
        }
        List<Image.Function> functions = new ArrayList<>(unnamed.size());
        int cursor = (int) namesStart;
        for (int k = 0; k < unnamed.size(); k++) {
            Image.Function f = unnamed.get(k);
            byte[] bytes = encoded.get(k);
            System.arraycopy(bytes, 0, rodata, cursor, bytes.length);
            functions.add(new Image.Function(f.name(), f.slot(), 0, cursor));
            cursor += bytes.length + 1;
        }
        if (!functions.isEmpty()) {
            placed.add(new Image.Section("(function names)", Image.Region.RODATA, (int) namesStart, (int) (at - namesStart)));
        }
        return Image.of(program, data, rodata, functions, Image.Format.ELF, placed);
    }
}
