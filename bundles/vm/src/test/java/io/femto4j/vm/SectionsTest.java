package io.femto4j.vm;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Femto-Container opcodes 0xB8/0xD8: address of .data/.rodata plus imm64. */
class SectionsTest {
    static final long DATA = 0x2000_0000L;
    static final long RODATA = 0x3000_0000L;

    @Test
    void sectionLoadsYieldRegionStartPlusImmAndAreAccessible() {
        byte[] data = new byte[16];
        byte[] rodata = {0, 0, 0, 0, 0x44, 0x33, 0x22, 0x11};
        Sections sections = new Sections(Region.writable(".data", DATA, data), Region.readOnly(".rodata", RODATA, rodata));
        // r1 = .rodata + 4; r0 = [r1] (u32); r2 = .data + 8; [r2] = r0; exit
        Vm vm = Vm.load(verify(wide(Op.LDDW_RODATA, 1, 4), i(Op.LDXW, 0, 1, 0, 0), wide(Op.LDDW_DATA, 2, 8),
                i(Op.STXW, 2, 0, 0, 0), exit()), HelperTable.empty(), sections);
        assertR0(0x11223344L, vm.run(Memory.empty(), 0, 0, BUDGET));
        assertEquals(0x44, data[8]);
        // the address itself
        Vm addr = Vm.load(verify(wide(Op.LDDW_DATA, 0, 3), exit()), HelperTable.empty(), sections);
        assertR0(DATA + 3, addr.run(Memory.empty(), 0, 0, BUDGET));
    }

    @Test
    void rodataIsReadOnly() {
        Sections sections = new Sections(null, Region.readOnly(".rodata", RODATA, new byte[8]));
        Vm vm = Vm.load(verify(wide(Op.LDDW_RODATA, 1, 0), i(Op.STB, 1, 0, 0, 1), exit()), HelperTable.empty(), sections);
        assertEquals(".rodata", fault(Fault.ReadOnlyWrite.class, vm.run(Memory.empty(), 0, 0, BUDGET)).region());
        assertThrows(IllegalArgumentException.class,
                () -> new Sections(null, Region.writable(".rodata", RODATA, new byte[8])));
    }

    @Test
    void missingSectionFaultsWhenReached() {
        Vm vm = Vm.load(verify(movImm(0, 1), wide(Op.LDDW_DATA, 1, 0), exit()), HelperTable.empty());
        Fault.MissingSection f = fault(Fault.MissingSection.class, vm.run(Memory.empty(), 0, 0, BUDGET));
        assertEquals(".data", f.section());
        assertEquals(1, f.pc());
        Vm ro = Vm.load(verify(wide(Op.LDDW_RODATA, 1, 0), exit()), HelperTable.empty(),
                new Sections(Region.writable(".data", DATA, new byte[1]), null));
        assertEquals(".rodata", fault(Fault.MissingSection.class, ro.run(Memory.empty(), 0, 0, BUDGET)).section());
    }

    @Test
    void runMemoryMustNotOverlapTheSections() {
        Sections sections = new Sections(Region.writable(".data", DATA, new byte[16]), null);
        Vm vm = Vm.load(verify(exit()), HelperTable.empty(), sections);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vm.run(Memory.of(Region.writable("ctx", DATA + 8, new byte[16])), 0, 0, BUDGET));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
        assertR0(0, vm.run(Memory.of(Region.writable("ctx", DATA + 16, new byte[16])), 0, 0, BUDGET));
    }
}
