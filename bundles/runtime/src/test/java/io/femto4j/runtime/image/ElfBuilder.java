package io.femto4j.runtime.image;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small ELF64 little-endian EM_BPF relocatable objects for cases clang does not produce (many
 * sections, a load cut off by the end of its section, RELA, common symbols...). Section 0 is the null
 * section; the section name table is appended last. Section data is laid out after the ELF header, each
 * section at an offset aligned to its alignment, and the section header table at the end.
 */
final class ElfBuilder {
    static final int PROGBITS = 1, SYMTAB = 2, STRTAB = 3, RELA = 4, NOBITS = 8, REL = 9;
    static final long WRITE = 1, ALLOC = 2, EXEC = 4;

    record Section(String name, int type, long flags, byte[] data, long size, int link, int info, long align, long entsize) {
    }

    private final List<Section> sections = new ArrayList<>();

    /** Adds a section and returns its index. */
    int add(String name, int type, long flags, byte[] data, int link, int info, long align, long entsize) {
        sections.add(new Section(name, type, flags, data, data.length, link, info, align, entsize));
        return sections.size();
    }

    int text(String name, byte[] code) {
        return add(name, PROGBITS, ALLOC | EXEC, code, 0, 0, 8, 0);
    }

    int data(String name, byte[] bytes) {
        return add(name, PROGBITS, ALLOC | WRITE, bytes, 0, 0, 8, 0);
    }

    int bss(String name, long size) {
        sections.add(new Section(name, NOBITS, ALLOC | WRITE, new byte[0], size, 0, 0, 8, 0));
        return sections.size();
    }

    /** A symbol table section with its string table; returns the symbol table's index. */
    int symtab(Sym... symbols) {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        byte[] table = new byte[24 * (symbols.length + 1)];
        for (int i = 0; i < symbols.length; i++) {
            Sym s = symbols[i];
            int at = 24 * (i + 1);
            put(table, at, 4, names.size());
            names.writeBytes(s.name().getBytes(StandardCharsets.UTF_8));
            names.write(0);
            table[at + 4] = (byte) (s.bind() << 4 | s.type());
            put(table, at + 6, 2, s.shndx());
            put(table, at + 8, 8, s.value());
            put(table, at + 16, 8, s.size());
        }
        int strtab = add(".strtab", STRTAB, 0, names.toByteArray(), 0, 0, 1, 0);
        return add(".symtab", SYMTAB, 0, table, strtab, 1, 8, 24);
    }

    /** A REL section for section {@code target} against symbol table {@code symtab}. */
    int rel(String name, int symtab, int target, long[]... entries) {
        byte[] data = new byte[16 * entries.length];
        for (int i = 0; i < entries.length; i++) {
            put(data, 16 * i, 8, entries[i][0]);
            put(data, 16 * i + 8, 8, entries[i][1] << 32 | entries[i][2]);
        }
        return add(name, REL, 0x40, data, symtab, target, 8, 16);
    }

    /** One relocation entry: offset, symbol index, type. */
    static long[] reloc(long offset, int symbol, int type) {
        return new long[] {offset, symbol, type};
    }

    record Sym(String name, int type, int bind, int shndx, long value, long size) {
        static Sym func(String name, int shndx, long value) {
            return new Sym(name, 2, 1, shndx, value, 0);
        }

        static Sym object(String name, int shndx, long value, long size) {
            return new Sym(name, 1, 1, shndx, value, size);
        }
    }

    static void put(byte[] b, int at, int size, long v) {
        for (int i = 0; i < size; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    /** Instruction bytes from 64-bit words as llvm-objdump prints them: opcode first. */
    static byte[] code(String... hexSlots) {
        byte[] out = new byte[8 * hexSlots.length];
        for (int i = 0; i < hexSlots.length; i++) {
            String h = hexSlots[i].replace(" ", "");
            for (int j = 0; j < 8; j++) {
                out[8 * i + j] = (byte) Integer.parseInt(h.substring(2 * j, 2 * j + 2), 16);
            }
        }
        return out;
    }

    byte[] build() {
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        List<Section> all = new ArrayList<>(sections);
        int[] nameOffsets = new int[all.size() + 1];
        for (int i = 0; i < all.size(); i++) {
            nameOffsets[i] = names.size();
            names.writeBytes(all.get(i).name().getBytes(StandardCharsets.UTF_8));
            names.write(0);
        }
        nameOffsets[all.size()] = names.size();
        names.writeBytes(".shstrtab".getBytes(StandardCharsets.UTF_8));
        names.write(0);
        all.add(new Section(".shstrtab", STRTAB, 0, names.toByteArray(), names.size(), 0, 0, 1, 0));

        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[64]);
        long[] offsets = new long[all.size()];
        for (int i = 0; i < all.size(); i++) {
            Section s = all.get(i);
            while (body.size() % Math.max(1, s.align()) != 0) {
                body.write(0);
            }
            offsets[i] = body.size();
            body.writeBytes(s.data());
        }
        while (body.size() % 8 != 0) {
            body.write(0);
        }
        int shoff = body.size();
        int shnum = all.size() + 1;
        byte[] out = new byte[shoff + 64 * shnum];
        System.arraycopy(body.toByteArray(), 0, out, 0, shoff);
        out[0] = 0x7f;
        out[1] = 'E';
        out[2] = 'L';
        out[3] = 'F';
        out[4] = 2;
        out[5] = 1;
        out[6] = 1;
        put(out, 16, 2, 1);
        put(out, 18, 2, 247);
        put(out, 20, 4, 1);
        put(out, 40, 8, shoff);
        put(out, 52, 2, 64);
        put(out, 58, 2, 64);
        put(out, 60, 2, shnum);
        put(out, 62, 2, shnum - 1);
        for (int i = 0; i < all.size(); i++) {
            Section s = all.get(i);
            int at = shoff + 64 * (i + 1);
            put(out, at, 4, nameOffsets[i]);
            put(out, at + 4, 4, s.type());
            put(out, at + 8, 8, s.flags());
            put(out, at + 24, 8, offsets[i]);
            put(out, at + 32, 8, s.size());
            put(out, at + 40, 4, s.link());
            put(out, at + 44, 4, s.info());
            put(out, at + 48, 8, s.align());
            put(out, at + 56, 8, s.entsize());
        }
        return out;
    }
}
