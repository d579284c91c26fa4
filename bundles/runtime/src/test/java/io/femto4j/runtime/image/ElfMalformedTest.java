package io.femto4j.runtime.image;

import io.femto4j.isa.Decoder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.femto4j.runtime.image.ElfBuilder.Sym;
import static io.femto4j.runtime.image.ElfBuilder.code;
import static io.femto4j.runtime.image.ElfBuilder.reloc;
import static io.femto4j.runtime.image.ElfPatch.SH_ADDRALIGN;
import static io.femto4j.runtime.image.ElfPatch.SH_FLAGS;
import static io.femto4j.runtime.image.ElfPatch.SH_INFO;
import static io.femto4j.runtime.image.ElfPatch.SH_LINK;
import static io.femto4j.runtime.image.ElfPatch.SH_NAME;
import static io.femto4j.runtime.image.ElfPatch.SH_OFFSET;
import static io.femto4j.runtime.image.ElfPatch.SH_SIZE;
import static io.femto4j.runtime.image.ElfPatch.ST_NAME;
import static io.femto4j.runtime.image.ElfPatch.ST_SHNDX;
import static io.femto4j.runtime.image.ElfPatch.ST_VALUE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed ELF objects: each test breaks one field of a fixture (or builds a small object) and checks that
 * the error names that field and its value.
 */
class ElfMalformedTest {

    private static String message(byte[] elf) {
        return assertThrows(ImageFormatException.class, () -> ElfReader.read(elf, Decoder.strict())).getMessage();
    }

    private static String message(ElfPatch p) {
        return message(p.bytes());
    }

    private static void assertContains(String expected, String actual) {
        assertTrue(actual.contains(expected), () -> "expected a message containing\n  " + expected + "\nbut was\n  " + actual);
    }

    @Test
    void truncatedAtEveryLength() {
        byte[] elf = Fixtures.bytes("tiny.o");
        for (int n = 0; n < elf.length; n++) {
            byte[] prefix = Arrays.copyOf(elf, n);
            String m = message(prefix);
            assertTrue(m.startsWith("ELF "), m);
            assertThrows(ImageFormatException.class, () -> Images.load(prefix));
        }
    }

    @Test
    void tooLargeFile() {
        byte[] big = Arrays.copyOf(Fixtures.bytes("tiny.o"), Images.MAX_FILE_SIZE + 1);
        assertEquals("ELF file is 1048577 bytes; at most 1048576 (1 MiB) are accepted", message(big));
    }

    // ------------------------------------------------------------------ file header

    @Test
    void badMagic() {
        assertEquals("ELF e_ident magic is 7f 45 4c 58; expected 7f 45 4c 46", message(ElfPatch.of("tiny.o").set(3, 1, 'X')));
    }

    @Test
    void badClass() {
        assertEquals("ELF e_ident[EI_CLASS] is 1 (ELFCLASS32); only ELFCLASS64 (2) is supported",
                message(ElfPatch.of("tiny.o").set(4, 1, 1)));
    }

    @Test
    void badEndianness() {
        assertEquals("ELF e_ident[EI_DATA] is 2 (big-endian); only little-endian ELFDATA2LSB (1) is supported"
                + " (clang -target bpf or bpfel)", message(ElfPatch.of("tiny.o").set(5, 1, 2)));
    }

    @Test
    void badIdentVersion() {
        assertEquals("ELF e_ident[EI_VERSION] is 0; expected EV_CURRENT (1)", message(ElfPatch.of("tiny.o").set(6, 1, 0)));
    }

    @Test
    void badType() {
        assertEquals("ELF e_type is 2 (ET_EXEC); only relocatable objects (ET_REL, 1) as clang -c writes them are supported",
                message(ElfPatch.of("tiny.o").set(16, 2, 2)));
    }

    @Test
    void badMachine() {
        assertEquals("ELF e_machine is 62; expected EM_BPF (247)", message(ElfPatch.of("tiny.o").set(18, 2, 62)));
    }

    @Test
    void badVersion() {
        assertEquals("ELF e_version is 2; expected EV_CURRENT (1)", message(ElfPatch.of("tiny.o").set(20, 4, 2)));
    }

    @Test
    void programHeaders() {
        assertEquals("ELF e_phnum is 1 and e_phoff 0x40; a relocatable object has no program headers",
                message(ElfPatch.of("tiny.o").set(56, 2, 1).set(32, 8, 64)));
    }

    @Test
    void badHeaderSizes() {
        assertEquals("ELF e_ehsize is 52; expected 64 (Elf64_Ehdr)", message(ElfPatch.of("tiny.o").set(52, 2, 52)));
        assertEquals("ELF e_shentsize is 40; expected 64 (Elf64_Shdr)", message(ElfPatch.of("tiny.o").set(58, 2, 40)));
    }

    @Test
    void sectionCounts() {
        assertEquals("ELF e_shnum is 0: no section headers (extended section numbering is not supported)",
                message(ElfPatch.of("tiny.o").set(60, 2, 0)));
        assertEquals("ELF e_shnum is 65535; at most 1024 section headers are supported",
                message(ElfPatch.of("tiny.o").set(60, 2, 0xffff)));
        ElfPatch p = ElfPatch.of("tiny.o");
        assertEquals("ELF e_shoff " + hex(p.shoff()) + " + e_shnum 9 * 64 exceeds file size " + hex(p.b.length),
                message(p.set(60, 2, p.shnum() + 1)));
    }

    @Test
    void sectionHeaderTablePastTheEnd() {
        ElfPatch p = ElfPatch.of("tiny.o");
        assertEquals("ELF e_shoff " + hex(p.b.length) + " + e_shnum 8 * 64 exceeds file size " + hex(p.b.length),
                message(p.set(40, 8, p.b.length)));
        assertEquals("ELF e_shoff 0xffffffffffffffc0 + e_shnum 8 * 64 exceeds file size " + hex(p.b.length),
                message(ElfPatch.of("tiny.o").set(40, 8, -64)));
        assertEquals("ELF e_shoff 0x3 is not a multiple of 8", message(ElfPatch.of("tiny.o").set(40, 8, 3)));
    }

    @Test
    void badSectionNameTableIndex() {
        assertEquals("ELF e_shstrndx is 99; expected the index of the section name table (1 to 7; extended indices are"
                + " not supported)", message(ElfPatch.of("tiny.o").set(62, 2, 99)));
        assertEquals("ELF e_shstrndx 2 names section 2 of type 1, not a string table (SHT_STRTAB, 3)",
                message(ElfPatch.of("tiny.o").set(62, 2, 2)));
    }

    // ------------------------------------------------------------------ section headers

    @Test
    void sectionPastTheEndOfTheFile() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int s = p.section(".rodata.str1.1");
        long offset = p.offset(s);
        assertEquals("ELF section header " + s + ": sh_offset " + hex(offset) + " + sh_size 0x100000 exceeds file size "
                + hex(p.b.length), message(p.setField(s, SH_SIZE, 8, 0x100000)));
        ElfPatch q = ElfPatch.of("tiny.o");
        assertEquals("ELF section header " + s + ": sh_offset 0xffffffffffffff00 + sh_size 0x5 exceeds file size "
                + hex(q.b.length), message(q.setField(s, SH_OFFSET, 8, -256)));
    }

    @Test
    void alignmentNotAPowerOfTwo() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int s = p.section(".text");
        assertEquals("ELF section header " + s + ": sh_addralign 0x3 is not a power of two",
                message(p.setField(s, SH_ADDRALIGN, 8, 3)));
    }

    @Test
    void hugeAlignmentOfALoadedSection() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int s = p.section(".bss");
        assertEquals("ELF section " + s + " (.bss): sh_addralign 0x100000 exceeds 4096",
                message(p.setField(s, SH_ADDRALIGN, 8, 0x100000)));
    }

    @Test
    void misalignedSectionOffset() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int s = p.section(".text");
        assertEquals("ELF section " + s + " (.text): sh_offset 0x41 is not a multiple of its sh_addralign 0x8",
                message(p.setField(s, SH_OFFSET, 8, 0x41).setField(s, SH_SIZE, 8, 8)));
    }

    @Test
    void overlappingSections() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int text = p.section(".text");
        int str = p.section(".rodata.str1.1");
        long textOffset = p.offset(text);
        String m = message(p.setField(str, SH_OFFSET, 8, textOffset + 8));
        assertEquals("ELF section " + text + " (.text) (" + hex(textOffset) + ".." + hex(textOffset + p.size(text)) + ") and section "
                + str + " (.rodata.str1.1) (" + hex(textOffset + 8) + ".." + hex(textOffset + 13) + ") overlap", m);
    }

    @Test
    void sectionOverlappingTheElfHeader() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int str = p.section(".rodata.str1.1");
        assertEquals("ELF the ELF header (0x0..0x40) and section " + str + " (.rodata.str1.1) (0x10..0x15) overlap",
                message(p.setField(str, SH_OFFSET, 8, 0x10)));
    }

    @Test
    void sectionOverlappingTheSectionHeaderTable() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int str = p.section(".rodata.str1.1");
        int shoff = p.shoff();
        assertContains("ELF the section header table (" + hex(shoff) + ".." + hex(shoff + 64 * 8) + ") and section " + str
                + " (.rodata.str1.1) (" + hex(shoff + 8) + "..", message(p.setField(str, SH_OFFSET, 8, shoff + 8)));
    }

    @Test
    void badSectionName() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int text = p.section(".text");
        int strtab = p.section(".strtab");
        assertEquals("ELF section header " + text + ": sh_name 0xffff is outside the section name table (section " + strtab
                + "), " + hex(p.size(strtab)) + " bytes", message(p.setField(text, SH_NAME, 4, 0xffff)));
    }

    @Test
    void unterminatedString() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int strtab = p.section(".strtab");
        p.set(p.offset(strtab) + p.size(strtab) - 1, 1, 'x');
        assertContains("the name is not NUL-terminated within the", message(p));
    }

    @Test
    void invalidUtf8Name() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int at = p.symbol("bump");
        int strtab = p.section(".strtab");
        p.set(p.offset(strtab) + (int) p.get(at + ST_NAME, 4), 1, 0xff);
        assertContains("the name is not valid UTF-8", message(p));
    }

    @Test
    void executableSectionNotWholeInstructions() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int s = p.section(".text");
        assertEquals("ELF section " + s + " (.text): sh_size 0x84 is not a multiple of 8 (the instruction size)",
                message(p.setField(s, SH_SIZE, 8, 0x84)));
    }

    @Test
    void unsupportedAllocatedSection() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int s = p.section(".llvm_addrsig");
        assertEquals("ELF section " + s + " (.llvm_addrsig): allocated section (sh_flags 0x80000002) is not supported;"
                        + " femto-containers load only executable sections, .data*, .bss* and .rodata*",
                message(p.setField(s, SH_FLAGS, 8, 0x80000002L)));
    }

    @Test
    void hugeBss() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int s = p.section(".bss");
        assertEquals("ELF section " + s + " (.bss): sh_size 0x7fffffffffffffff at offset 0x0 makes the data region larger than"
                + " 1048576 bytes (1 MiB)", message(p.setField(s, SH_SIZE, 8, Long.MAX_VALUE)));
        ElfPatch q = ElfPatch.of("tiny.o");
        assertEquals("ELF section " + s + " (.bss): sh_size 0x100001 at offset 0x0 makes the data region larger than"
                + " 1048576 bytes (1 MiB)", message(q.setField(s, SH_SIZE, 8, 0x100001)));
    }

    @Test
    void relocationSectionWithBadLinks() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int rel = p.section(".rel.text");
        int symtab = p.section(".symtab");
        assertEquals("ELF section " + rel + " (.rel.text): sh_info 99 names no section (8 section headers)",
                message(p.setField(rel, SH_INFO, 4, 99)));
        ElfPatch q = ElfPatch.of("tiny.o");
        assertEquals("ELF section " + rel + " (.rel.text): sh_link 1 is not the symbol table (section " + symtab + ")",
                message(q.setField(rel, SH_LINK, 4, 1)));
        ElfPatch r = ElfPatch.of("tiny.o");
        assertEquals("ELF section " + rel + " (.rel.text): sh_size 0x2f is not a multiple of 16 (Elf64_Rel)",
                message(r.setField(rel, SH_SIZE, 8, 0x2f)));
    }

    @Test
    void symbolTableWithBadFields() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int symtab = p.section(".symtab");
        assertEquals("ELF section " + symtab + " (.symtab): sh_size 0xa7 is not a multiple of 24 (Elf64_Sym)",
                message(p.setField(symtab, SH_SIZE, 8, 0xa7)));
        ElfPatch q = ElfPatch.of("tiny.o");
        assertEquals("ELF section " + symtab + " (.symtab): sh_link 2 is not a string table (SHT_STRTAB)",
                message(q.setField(symtab, SH_LINK, 4, 2)));
    }

    // ------------------------------------------------------------------ symbols

    @Test
    void symbolNameOutsideTheStringTable() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int at = p.symbol("bump");
        int index = p.symbolIndex("bump");
        int strtab = p.section(".strtab");
        assertEquals("ELF symbol " + index + ": st_name 0x7fffffff is outside the symbol name table (section " + strtab + "), "
                + hex(p.size(strtab)) + " bytes", message(p.set(at + ST_NAME, 4, 0x7fffffff)));
    }

    @Test
    void symbolInNoSection() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int index = p.symbolIndex("bump");
        assertEquals("ELF symbol " + index + " ('bump'): st_shndx 0xc8 names no section (8 section headers)",
                message(p.set(p.symbol("bump") + ST_SHNDX, 2, 200)));
        ElfPatch q = ElfPatch.of("tiny.o");
        assertEquals("ELF symbol " + index + " ('bump'): st_shndx 0xffff is a reserved index that is not supported",
                message(q.set(q.symbol("bump") + ST_SHNDX, 2, 0xffff)));
    }

    @Test
    void misalignedFunction() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int index = p.symbolIndex("bump");
        assertEquals("ELF symbol " + index + " ('bump'): st_value 0x5c is not a multiple of 8 (the instruction size)",
                message(p.set(p.symbol("bump") + ST_VALUE, 8, 0x5c)));
    }

    @Test
    void functionOutsideItsSection() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int index = p.symbolIndex("bump");
        assertEquals("ELF symbol " + index + " ('bump'): st_value 0x88 is outside section 2 (.text), 0x88 bytes",
                message(p.set(p.symbol("bump") + ST_VALUE, 8, 0x88)));
    }

    @Test
    void functionOnTheSecondHalfOfALoad() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int index = p.symbolIndex("bump");
        assertEquals("ELF symbol " + index + " ('bump'): st_value 0x18 is the second half of a two-slot load",
                message(p.set(p.symbol("bump") + ST_VALUE, 8, 0x18)));
    }

    @Test
    void functionInADataSection() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int index = p.symbolIndex("bump");
        int bss = p.section(".bss");
        assertEquals("ELF symbol " + index + " ('bump'): STT_FUNC in section " + bss + " (.bss), which is not an executable"
                + " section", message(p.set(p.symbol("bump") + ST_SHNDX, 2, bss)));
    }

    @Test
    void duplicateFunctionNames() {
        ElfPatch p = ElfPatch.of("tiny.o");
        long bumpName = p.get(p.symbol("bump") + ST_NAME, 4);
        int bump = p.symbolIndex("bump");
        int tiny = p.symbolIndex("tiny");
        String m = message(p.set(p.symbol("tiny") + ST_NAME, 4, bumpName));
        assertEquals("ELF symbol " + Math.max(bump, tiny) + " ('bump'): function name 'bump' is defined twice (symbols "
                + Math.min(bump, tiny) + " and " + Math.max(bump, tiny) + ")", m);
    }

    // ------------------------------------------------------------------ relocations

    @Test
    void relocationOutsideItsSection() {
        ElfPatch p = ElfPatch.of("tiny.o");
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_offset 0x1000 is outside section 2 (.text), 0x88 bytes",
                message(p.set(p.rel(".rel.text", 0), 8, 0x1000)));
        ElfPatch q = ElfPatch.of("tiny.o");
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_offset 0xfffffffffffffff8 is outside section 2 (.text),"
                + " 0x88 bytes", message(q.set(q.rel(".rel.text", 0), 8, -8)));
    }

    @Test
    void relocationNotOnAnInstructionBoundary() {
        ElfPatch p = ElfPatch.of("tiny.o");
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_offset 0x14 is not a multiple of 8 (an instruction boundary)",
                message(p.set(p.rel(".rel.text", 0), 8, 0x14)));
    }

    @Test
    void loadRelocationOnAnotherInstruction() {
        ElfPatch p = ElfPatch.of("tiny.o");
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_offset 0x0 in section 2 (.text): R_BPF_64_64 does not hit"
                + " an lddw (opcode 0x18): found opcode 0xbf", message(p.set(p.rel(".rel.text", 0), 8, 0)));
    }

    @Test
    void callRelocationOnAnotherInstruction() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int k = callRelocation(p);
        assertEquals("ELF relocation " + k + " in section 3 (.rel.text): r_offset 0x48 in section 2 (.text): R_BPF_64_32 does"
                        + " not hit a BPF-to-BPF call (opcode 0x85, src 1): found opcode 0x0f, src 6",
                message(p.set(p.rel(".rel.text", k), 8, 0x48)));
    }

    @Test
    void relocationOnTheSecondHalfOfALoad() {
        ElfPatch p = ElfPatch.of("tiny.o");
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_offset 0x18 in section 2 (.text) hits the second half of a"
                + " two-slot load", message(p.set(p.rel(".rel.text", 0), 8, 0x18)));
    }

    @Test
    void relocatedTwice() {
        ElfPatch p = ElfPatch.of("tiny.o");
        long first = p.get(p.rel(".rel.text", 0), 8);
        assertEquals("ELF relocation 1 in section 3 (.rel.text): r_offset " + hex(first) + " in section 2 (.text) is relocated"
                + " twice", message(p.set(p.rel(".rel.text", 1), 8, first)));
    }

    @Test
    void unknownRelocationType() {
        ElfPatch p = ElfPatch.of("tiny.o");
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_info type 77 (unknown) is not supported in code; expected"
                + " R_BPF_64_64 (1) or R_BPF_64_32 (10)", message(p.set(p.rel(".rel.text", 0) + 8, 4, 77)));
        ElfPatch q = ElfPatch.of("tiny.o");
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_info type 2 (R_BPF_64_ABS64) is not supported in code;"
                + " expected R_BPF_64_64 (1) or R_BPF_64_32 (10)", message(q.set(q.rel(".rel.text", 0) + 8, 4, 2)));
    }

    @Test
    void relocationSymbolOutOfRange() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int symbols = p.size(p.section(".symtab")) / 24;
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_info symbol 99 is outside the symbol table (" + symbols
                + " symbols)", message(p.set(p.rel(".rel.text", 0) + 12, 4, 99)));
        ElfPatch q = ElfPatch.of("tiny.o");
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_info symbol 0 is the null symbol",
                message(q.set(q.rel(".rel.text", 0) + 12, 4, 0)));
    }

    @Test
    void callLandingInsideAFunction() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int callAt = (int) p.get(p.rel(".rel.text", callRelocation(p)), 8);
        p.set(p.in(".text", callAt + 4), 4, 0); // imm -1 -> 0: one slot past bump's start
        assertEquals("ELF relocation " + callRelocation(p) + " in section 3 (.rel.text): r_offset " + hex(callAt)
                        + " in section 2 (.text): call to symbol " + p.symbolIndex("bump") + " ('bump') lands on slot 12 of section"
                        + " 2 (.text), which is not the start of a function (no STT_FUNC symbol there)", message(p));
    }

    @Test
    void callLandingOutsideTheSection() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int callAt = (int) p.get(p.rel(".rel.text", callRelocation(p)), 8);
        p.set(p.in(".text", callAt + 4), 4, 1000);
        assertContains("with imm 1000 lands on slot 1012 of section 2 (.text), which has 17 slots", message(p));
    }

    @Test
    void loadAddendOutsideTheSection() {
        ElfPatch p = ElfPatch.of("tiny.o");
        // the first relocation (tiny's string) is against .rodata.str1.1, 5 bytes; an addend of 6 points past it
        int loadAt = (int) p.get(p.rel(".rel.text", 0), 8);
        p.set(p.in(".text", loadAt + 4), 4, 6);
        assertContains("R_BPF_64_64 against section symbol " + p.get(p.rel(".rel.text", 0) + 12, 4)
                + " (.rodata.str1.1): st_value 0x0 + addend 0x6 lies outside section " + p.section(".rodata.str1.1")
                + " (.rodata.str1.1), 0x5 bytes", message(p));
    }

    @Test
    void mapReferenceCannotBeRelocated() {
        ElfPatch p = ElfPatch.of("tiny.o");
        int loadAt = (int) p.get(p.rel(".rel.text", 0), 8);
        p.set(p.in(".text", loadAt + 1), 1, 0x13); // src 1 (BPF_PSEUDO_MAP_FD), dst 3
        assertContains("R_BPF_64_64 on an lddw with src 1 (a map or BTF reference)", message(p));
    }

    @Test
    void unrelocatedCallLeavingItsSection() {
        ElfPatch p = ElfPatch.of("globals.o");
        p.set(p.in(".text", 6 * 8 + 4), 4, 1000); // step's call to sum_table, resolved by clang
        assertEquals("ELF section 2 (.text): the call at byte 0x30 has no relocation and its target slot 1007 lies outside the"
                + " section (64 slots)", message(p));
        ElfPatch q = ElfPatch.of("globals.o");
        q.set(q.in(".text", 6 * 8 + 4), 4, 24);
        assertEquals("ELF section 2 (.text): the call at byte 0x30 has no relocation and its target slot 31 is not the start of"
                + " a function (no STT_FUNC symbol there)", message(q));
    }

    @Test
    void undecodableInstruction() {
        ElfPatch p = ElfPatch.of("tiny.o");
        assertEquals("ELF section 2 (.text), instruction at byte 0x8 (text slot 1): unknown opcode 0xff",
                message(p.set(p.in(".text", 8), 1, 0xff)));
    }

    private static int callRelocation(ElfPatch p) {
        for (int k = 0; ; k++) {
            if (p.get(p.rel(".rel.text", k) + 8, 4) == 10) {
                return k;
            }
        }
    }

    // ------------------------------------------------------------------ built objects

    private static final byte[] EXIT = code("9500000000000000");

    @Test
    void builtMinimalObjectLoads() throws ImageFormatException {
        ElfBuilder b = new ElfBuilder();
        int text = b.text(".text", code("b700000007000000", "9500000000000000"));
        b.symtab(Sym.func("entry", text, 0));
        Image image = ElfReader.read(b.build(), Decoder.strict());
        assertEquals(2, image.text().size());
        assertEquals(List.of(new Image.Function("entry", 0, 0, 0)), image.functions());
    }

    @Test
    void noInstructions() {
        ElfBuilder b = new ElfBuilder();
        b.data(".data", new byte[8]);
        assertEquals("ELF file has no instructions: no executable section with code", message(b.build()));
    }

    @Test
    void tooManySectionsOfInterest() {
        ElfBuilder b = new ElfBuilder();
        b.text(".text", EXIT);
        for (int i = 0; i < 64; i++) {
            b.data(".data." + i, new byte[8]);
        }
        assertEquals("ELF file has 65 sections to load (executable, data, bss and rodata sections, their relocations and the"
                + " symbol table); at most 64 are supported", message(b.build()));
    }

    @Test
    void loadCutOffByTheEndOfItsSection() {
        ElfBuilder b = new ElfBuilder();
        b.text(".text", EXIT);
        int hook = b.text("hook", code("9500000000000000", "1801000000000000"));
        b.text("next", code("0000000000000000", "9500000000000000"));
        assertEquals("ELF section " + hook + " (hook): the two-slot load at byte 0x8 is cut off by the end of the section",
                message(b.build()));
    }

    @Test
    void relaForCodeIsRefused() {
        ElfBuilder b = new ElfBuilder();
        int text = b.text(".text", EXIT);
        int symtab = b.symtab(Sym.func("f", text, 0));
        int rela = b.add(".rela.text", ElfBuilder.RELA, 0, new byte[24], symtab, text, 8, 24);
        assertEquals("ELF section " + rela + " (.rela.text): sh_type SHT_RELA (4) is not supported for code; clang writes"
                + " SHT_REL (9) for BPF", message(b.build()));
    }

    @Test
    void secondSymbolTableIsRefused() {
        ElfBuilder b = new ElfBuilder();
        int text = b.text(".text", EXIT);
        int first = b.symtab(Sym.func("f", text, 0));
        int second = b.symtab(Sym.func("g", text, 0));
        assertEquals("ELF section " + second + " (.symtab): a second symbol table (the first is section " + first + ")",
                message(b.build()));
    }

    @Test
    void commonSymbolIsRefused() {
        ElfBuilder b = new ElfBuilder();
        int text = b.text(".text", code("1801000000000000", "0000000000000000", "9500000000000000"));
        int symtab = b.symtab(Sym.func("f", text, 0), new Sym("shared", 1, 1, 0xfff2, 8, 8));
        b.rel(".rel.text", symtab, text, reloc(0, 2, 1));
        assertContains("R_BPF_64_64 against common symbol 2 ('shared') (st_shndx SHN_COMMON); compile with -fno-common",
                message(b.build()));
    }

    @Test
    void secondRelocationSectionForTheSameCodeIsRefused() {
        ElfBuilder b = new ElfBuilder();
        int text = b.text(".text", code("1801000000000000", "0000000000000000", "9500000000000000"));
        int data = b.data(".data", new byte[8]);
        int symtab = b.symtab(Sym.func("f", text, 0), Sym.object("x", data, 0, 8));
        int first = b.rel(".rel.text", symtab, text, reloc(0, 2, 1));
        int second = b.rel(".rel.text2", symtab, text, reloc(0, 2, 1));
        assertEquals("ELF section " + second + " (.rel.text2): a second relocation section for section " + text
                + " (.text) (the first is section " + first + ")", message(b.build()));
    }

    @Test
    void loadAgainstBssLandsAfterData() throws ImageFormatException {
        ElfBuilder b = new ElfBuilder();
        int text = b.text(".text", code("1801000004000000", "0000000000000000", "9500000000000000"));
        int data = b.data(".data", new byte[12]);
        int bss = b.bss(".bss", 16);
        int symtab = b.symtab(Sym.func("f", text, 0), Sym.object("z", bss, 8, 8), Sym.object("d", data, 0, 12));
        b.rel(".rel.text", symtab, text, reloc(0, 2, 1));
        Image image = ElfReader.read(b.build(), Decoder.strict());
        assertEquals(32, image.dataSize(), ".data 12 bytes, .bss at 16 (its alignment) for 16 bytes");
        ElfFixturesTest.assertLoad(image.text(), 0, io.femto4j.isa.Op.LDDW_DATA, 1, 16 + 8 + 4);
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
