package io.femto4j.runtime.image;

import io.femto4j.isa.Decoder;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loads the clang fixtures of src/test/c and checks what landed where. */
class ElfFixturesTest {

    static List<String> loadable() {
        return Fixtures.loadable();
    }

    @Test
    void everyFixtureIsEitherLoadableOrARejectCase() {
        assertEquals(List.of("calls.o", "calls_v1.o", "debuginfo.o", "globals.o", "globals_v2.o", "plain.o",
                "reject_extern.o", "reject_funcptr.o", "reject_pointers.o", "tiny.o"), Fixtures.objects());
    }

    @ParameterizedTest
    @MethodSource("loadable")
    void loadsAndRoundTripsThroughRbf(String name) throws ImageFormatException {
        byte[] elf = Fixtures.bytes(name);
        Image image = Images.load(elf);
        assertEquals(Image.Format.ELF, image.format());
        assertFalse(image.functions().isEmpty());
        assertTrue(image.defaultFunction().isPresent(), "a function at text offset 0");
        // no plain lddw is left relocated: all of them in these fixtures load addresses
        for (Instruction insn : image.text().instructions()) {
            assertNotEquals(Op.LDDW, insn.op());
        }
        assertEveryLocalCallLandsOnAFunction(image);

        byte[] rbf = RbfWriter.write(image);
        Image back = Images.load(rbf);
        assertEquals(Image.Format.RBF, back.format());
        assertEquals(image, back);
        assertArrayEquals(rbf, RbfWriter.write(back), "rbf -> image -> rbf is byte-identical");
        assertArrayEquals(rbf, RbfWriter.pack(elf));

        String description = Images.describe(image);
        for (Image.Function f : image.functions()) {
            assertTrue(description.contains("\n" + f.name() + ":\n"), f.name() + " labels its code");
        }
    }

    private static void assertEveryLocalCallLandsOnAFunction(Image image) {
        Program text = image.text();
        for (int pc = 0; pc < text.size(); pc++) {
            if (text.get(pc).op() == Op.CALL_LOCAL) {
                int target = pc + 1 + text.get(pc).imm();
                assertTrue(image.functions().stream().anyMatch(f -> f.slot() == target),
                        "call at " + pc + " lands on " + target + ", a function start");
            }
        }
    }

    @Test
    void globalsPlacesDataBssRodataAndStrings() throws ImageFormatException {
        Image image = Images.load(Fixtures.bytes("globals.o"));
        assertEquals(List.of(
                new Image.Function("step", 0, 0, 0x2d),
                new Image.Function("sum_table", 32, 0, 0x32),
                new Image.Function("message_byte", 42, 0, 0x3c),
                new Image.Function("remember", 51, 0, 0x49)), image.functions());
        assertEquals(List.of(
                new Image.Section(".text", Image.Region.TEXT, 0, 512),
                new Image.Section(".data", Image.Region.DATA, 0, 24),
                new Image.Section(".data.custom", Image.Region.DATA, 0x18, 2),
                new Image.Section(".bss", Image.Region.DATA, 0x20, 40),
                new Image.Section(".rodata.cst32", Image.Region.RODATA, 0, 32),
                new Image.Section(".rodata.str1.1", Image.Region.RODATA, 0x20, 13),
                new Image.Section("(function names)", Image.Region.RODATA, 0x2d, 37)), image.sections());

        // .data: counter = 5, table = {1, 2, 3, 4}; .data.custom: 0xbeef (at its 2-byte alignment); .bss zeros
        byte[] data = new byte[72];
        data[0] = 5;
        data[8] = 1;
        data[12] = 2;
        data[16] = 3;
        data[20] = 4;
        data[0x18] = (byte) 0xef;
        data[0x19] = (byte) 0xbe;
        assertArrayEquals(data, image.data());

        byte[] rodata = image.rodata();
        assertEquals(88, rodata.length, "32 + 13 + 37 bytes of names, padded to 8");
        assertEquals(49, rodata[28], "squares[7]");
        assertEquals("hello, femto", cString(rodata, 0x20));
        assertEquals("remember", cString(rodata, 0x49));

        Program text = image.text();
        assertLoad(text, 1, Op.LDDW_DATA, 1, 0x00);     // counter
        assertLoad(text, 12, Op.LDDW_RODATA, 2, 0x00);  // squares (section symbol .rodata.cst32)
        assertLoad(text, 23, Op.LDDW_DATA, 1, 0x18);    // custom_word in .data.custom
        assertLoad(text, 27, Op.LDDW_DATA, 1, 0x20);    // last_result, first in .bss
        assertLoad(text, 32, Op.LDDW_DATA, 1, 0x08);    // table = counter + 8
        assertLoad(text, 46, Op.LDDW_RODATA, 2, 0x20);  // the string literal
        assertLoad(text, 53, Op.LDDW_DATA, 3, 0x28);    // scratch = .bss + 8 (addend in the immediate)
        assertLoad(text, 55, Op.LDDW_DATA, 4, 0x28);
        assertCall(text, 6, 32);   // sum_table, resolved by clang (static, same section)
        assertCall(text, 18, 42);  // message_byte, likewise
        assertCall(text, 21, 51);  // remember: R_BPF_64_32 against the global symbol
    }

    @Test
    void callsConcatenatesExecutableSectionsAndResolvesCrossSectionCalls() throws ImageFormatException {
        Image image = Images.load(Fixtures.bytes("calls.o"));
        Map<String, Integer> slots = new TreeMap<>();
        image.functions().forEach(f -> slots.put(f.name(), f.slot()));
        assertEquals(Map.of("add3", 0, "fact", 4, "twice", 13, "main_entry", 17, "on_timer", 24,
                "local_in_hook", 32, "on_net", 35), slots);
        assertEquals(List.of(".text", "hooks/timer", "hooks/net", "(function names)"),
                image.sections().stream().map(Image.Section::name).toList());
        Program text = image.text();
        assertEquals(44, text.size());
        assertCall(text, 15, 0);   // twice -> add3: relocation against a global in the same section
        assertCall(text, 18, 13);  // main_entry -> twice: static, same section, no relocation
        assertCall(text, 21, 32);  // main_entry -> local_in_hook: against the section symbol of hooks/timer
        assertCall(text, 25, 13);  // on_timer -> twice: against the section symbol of .text
        assertCall(text, 29, 4);   // on_timer -> fact: against the global symbol in .text
        assertCall(text, 36, 32);  // on_net -> local_in_hook
        assertCall(text, 41, 0);   // on_net -> add3
        assertEquals("add3", image.defaultFunction().orElseThrow().name());
        assertEquals(24, image.function("on_timer").orElseThrow().slot());
    }

    @Test
    void otherCpuVersionsGiveTheSameFunctionsAndCallGraph() throws ImageFormatException {
        assertEquals(callGraph(Images.load(Fixtures.bytes("calls.o"))), callGraph(Images.load(Fixtures.bytes("calls_v1.o"))));
        Image v2 = Images.load(Fixtures.bytes("globals_v2.o"));
        Image v3 = Images.load(Fixtures.bytes("globals.o"));
        assertEquals(callGraph(v3), callGraph(v2));
        assertArrayEquals(v3.data(), v2.data());
        assertArrayEquals(v3.rodata(), v2.rodata());
    }

    /** "caller -> callee" for every local call, by function name. */
    private static List<String> callGraph(Image image) {
        List<String> edges = new ArrayList<>();
        Program text = image.text();
        for (int pc = 0; pc < text.size(); pc++) {
            if (text.get(pc).op() == Op.CALL_LOCAL) {
                int at = pc;
                int target = pc + 1 + text.get(pc).imm();
                String caller = image.functions().stream().filter(f -> f.slot() <= at)
                        .reduce((a, b) -> b).orElseThrow().name();
                String callee = image.functions().stream().filter(f -> f.slot() == target).findFirst().orElseThrow().name();
                edges.add(caller + " -> " + callee);
            }
        }
        return edges;
    }

    @Test
    void debugAndBtfSectionsAreIgnored() throws ImageFormatException {
        Image image = Images.load(Fixtures.bytes("debuginfo.o"));
        assertEquals(List.of(".text", ".bss", ".rodata.str1.1", "(function names)"),
                image.sections().stream().map(Image.Section::name).toList());
        assertEquals(List.of("traced", "label_char"), image.functions().stream().map(Image.Function::name).toList());
        assertEquals("debug", cString(image.rodata(), 0));
    }

    @Test
    void tinyHasEachRelocationKind() throws ImageFormatException {
        Image image = Images.load(Fixtures.bytes("tiny.o"));
        assertEquals(List.of(new Image.Function("tiny", 0, 0, 5), new Image.Function("bump", 11, 0, 10)), image.functions());
        assertArrayEquals(new byte[8], image.data());
        assertArrayEquals("tiny\0tiny\0bump\0\0".getBytes(StandardCharsets.US_ASCII), image.rodata());
        assertLoad(image.text(), 2, Op.LDDW_RODATA, 3, 0);
        assertCall(image.text(), 8, 11);
        assertLoad(image.text(), 11, Op.LDDW_DATA, 2, 0);
    }

    @Test
    void plainObjectAndItsBinHaveTheSameText() throws ImageFormatException {
        Image elf = Images.load(Fixtures.bytes("plain.o"));
        Image raw = Images.load(Fixtures.bytes("plain.bin"));
        assertEquals(Image.Format.RAW, raw.format());
        assertEquals(elf.text(), raw.text());
        assertEquals(List.of(new Image.Function("main", 0)), raw.functions());
        assertEquals(List.of(new Image.Function("plain", 0, 0, 0)), elf.functions());
    }

    @Test
    void rejectsInitialisedPointers() {
        assertEquals("ELF section 6 (.rel.data): relocations in section 5 (.data) are not supported: initialised pointers"
                        + " (addresses stored in data) cannot be expressed in a femto-container image",
                message(Fixtures.bytes("reject_pointers.o")));
    }

    @Test
    void rejectsExternFunctionsAndVariables() {
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_offset 0x0 in section 2 (.text): call to undefined symbol 3"
                        + " ('host_fn'); helpers are called by number (src 0) and every other function must be defined in the object",
                message(Fixtures.bytes("reject_extern.o")));
        // drop the call's relocation (move the second entry over it): the extern variable is the next complaint
        ElfPatch p = ElfPatch.of("reject_extern.o");
        int rel = p.section(".rel.text");
        System.arraycopy(p.b, p.rel(".rel.text", 1), p.b, p.rel(".rel.text", 0), 16);
        p.setField(rel, ElfPatch.SH_SIZE, 8, 16);
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_offset 0x8 in section 2 (.text): R_BPF_64_64 against"
                + " undefined symbol 4 ('host_var'); an extern variable has no storage in a femto-container image",
                message(p.bytes()));
    }

    @Test
    void rejectsFunctionPointers() {
        assertEquals("ELF relocation 0 in section 3 (.rel.text): r_offset 0x0 in section 2 (.text): R_BPF_64_64 against"
                        + " section symbol 2 (.text) in section 2 (.text) takes the address of code; function pointers cannot be"
                        + " expressed in a femto-container image",
                message(Fixtures.bytes("reject_funcptr.o")));
    }

    @Test
    void strictDecoderRejectsUnusedFieldsLenientKeepsThem() throws ImageFormatException {
        ElfPatch p = ElfPatch.of("tiny.o");
        p.set(p.in(".text", 10 * 8 + 4), 4, 1); // exit with imm 1
        assertEquals("ELF section 2 (.text), instruction at byte 0x50 (text slot 10): exit: unused field imm is 1, must be 0",
                message(p.bytes()));
        Image lenient = Images.load(p.bytes(), Decoder.lenient());
        assertEquals(1, lenient.text().get(10).imm());
    }

    static void assertLoad(Program text, int slot, Op op, int dst, long offset) {
        assertEquals(op, text.get(slot).op(), "slot " + slot);
        assertEquals(dst, text.get(slot).dst(), "slot " + slot);
        assertEquals(offset, text.imm64(slot), "slot " + slot);
    }

    static void assertCall(Program text, int slot, int target) {
        assertEquals(Op.CALL_LOCAL, text.get(slot).op(), "slot " + slot);
        assertEquals(target, slot + 1 + text.get(slot).imm(), "target of the call at " + slot);
    }

    static String cString(byte[] b, int at) {
        int end = at;
        while (b[end] != 0) {
            end++;
        }
        return new String(Arrays.copyOfRange(b, at, end), StandardCharsets.UTF_8);
    }

    static String message(byte[] bytes) {
        return assertThrows(ImageFormatException.class, () -> Images.load(bytes)).getMessage();
    }
}
