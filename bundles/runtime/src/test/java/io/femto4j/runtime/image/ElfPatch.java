package io.femto4j.runtime.image;

import java.nio.charset.StandardCharsets;

/**
 * Edits a copy of a trusted (fixture) ELF object field by field, so that a test can break exactly one
 * thing. Offsets follow the ELF64 structures: Elf64_Ehdr, Elf64_Shdr (64 bytes), Elf64_Sym (24 bytes),
 * Elf64_Rel (16 bytes).
 */
final class ElfPatch {
    // Elf64_Shdr field offsets
    static final int SH_NAME = 0, SH_TYPE = 4, SH_FLAGS = 8, SH_OFFSET = 24, SH_SIZE = 32, SH_LINK = 40, SH_INFO = 44,
            SH_ADDRALIGN = 48, SH_ENTSIZE = 56;
    // Elf64_Sym field offsets
    static final int ST_NAME = 0, ST_INFO = 4, ST_SHNDX = 6, ST_VALUE = 8, ST_SIZE = 16;

    final byte[] b;

    ElfPatch(byte[] original) {
        b = original.clone();
    }

    static ElfPatch of(String fixture) {
        return new ElfPatch(Fixtures.bytes(fixture));
    }

    long get(int at, int size) {
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }

    ElfPatch set(int at, int size, long value) {
        for (int i = 0; i < size; i++) {
            b[at + i] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    int shoff() {
        return (int) get(40, 8);
    }

    int shnum() {
        return (int) get(60, 2);
    }

    /** File offset of section header {@code index}. */
    int header(int index) {
        return shoff() + index * 64;
    }

    long field(int section, int field, int size) {
        return get(header(section) + field, size);
    }

    ElfPatch setField(int section, int field, int size, long value) {
        return set(header(section) + field, size, value);
    }

    int offset(int section) {
        return (int) field(section, SH_OFFSET, 8);
    }

    int size(int section) {
        return (int) field(section, SH_SIZE, 8);
    }

    /** Index of the section called {@code name}. */
    int section(String name) {
        int strtab = (int) get(62, 2);
        for (int i = 1; i < shnum(); i++) {
            if (cString(offset(strtab) + (int) field(i, SH_NAME, 4)).equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no section " + name);
    }

    private String cString(int at) {
        int end = at;
        while (b[end] != 0) {
            end++;
        }
        return new String(b, at, end - at, StandardCharsets.UTF_8);
    }

    /** File offset of the symbol called {@code name}. */
    int symbol(String name) {
        int symtab = section(".symtab");
        int strtab = (int) field(symtab, SH_LINK, 4);
        for (int at = offset(symtab); at < offset(symtab) + size(symtab); at += 24) {
            if (cString(offset(strtab) + (int) get(at + ST_NAME, 4)).equals(name)) {
                return at;
            }
        }
        throw new IllegalArgumentException("no symbol " + name);
    }

    /** Index of the symbol called {@code name}. */
    int symbolIndex(String name) {
        return (symbol(name) - offset(section(".symtab"))) / 24;
    }

    /** File offset of relocation {@code k} of section {@code relSection}. */
    int rel(String relSection, int k) {
        return offset(section(relSection)) + k * 16;
    }

    /** File offset of byte {@code offset} of section {@code name}. */
    int in(String name, int offset) {
        return offset(section(name)) + offset;
    }

    byte[] bytes() {
        return b.clone();
    }

    /** The bytes of section {@code name}. */
    byte[] contents(String name) {
        int s = section(name);
        byte[] out = new byte[size(s)];
        System.arraycopy(b, offset(s), out, 0, out.length);
        return out;
    }
}
