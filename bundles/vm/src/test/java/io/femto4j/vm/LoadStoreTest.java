package io.femto4j.vm;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Loads and stores of every size against regions and the stack, and the faults of bad accesses. */
class LoadStoreTest {
    static final byte[] DATA = {(byte) 0x81, (byte) 0x82, (byte) 0x83, (byte) 0x84, (byte) 0x85, (byte) 0x86,
            (byte) 0x87, (byte) 0x88, 1, 2};

    @Test
    void loadsZeroOrSignExtend() {
        assertR0(0x82L, runWith(DATA.clone(), i(Op.LDXB, 0, 1, 1, 0), exit()));
        assertR0(0x8483L, runWith(DATA.clone(), i(Op.LDXH, 0, 1, 2, 0), exit()));
        assertR0(0x8887_8685L, runWith(DATA.clone(), i(Op.LDXW, 0, 1, 4, 0), exit()));
        assertR0(0x8887_8685_8483_8281L, runWith(DATA.clone(), i(Op.LDXDW, 0, 1, 0, 0), exit()));
        assertR0(0xffff_ffff_ffff_ff82L, runWith(DATA.clone(), i(Op.LDXSB, 0, 1, 1, 0), exit()));
        assertR0(0xffff_ffff_ffff_8483L, runWith(DATA.clone(), i(Op.LDXSH, 0, 1, 2, 0), exit()));
        assertR0(0xffff_ffff_8887_8685L, runWith(DATA.clone(), i(Op.LDXSW, 0, 1, 4, 0), exit()));
        assertR0(0x0201L, runWith(DATA.clone(), i(Op.LDXH, 0, 1, 8, 0), exit())); // last bytes, unaligned
    }

    @Test
    void storesWriteLittleEndianIntoTheHostArray() {
        byte[] mem = new byte[16];
        runWith(mem, i(Op.STB, 1, 0, 0, 0x7f), i(Op.STH, 1, 0, 1, 0x1234), i(Op.STW, 1, 0, 3, 0xaabbccdd),
                lddw(2, 0x0102_0304_0506_0708L), i(Op.STXDW, 1, 2, 8, 0), exit());
        assertArrayEquals(new byte[] {0x7f, 0x34, 0x12, (byte) 0xdd, (byte) 0xcc, (byte) 0xbb, (byte) 0xaa, 0,
                8, 7, 6, 5, 4, 3, 2, 1}, mem);
        byte[] m2 = new byte[8];
        runWith(m2, i(Op.STDW, 1, 0, 0, -2), exit()); // imm sign-extended to 64 bits
        assertArrayEquals(new byte[] {-2, -1, -1, -1, -1, -1, -1, -1}, m2);
        byte[] m3 = new byte[8];
        runWith(m3, lddw(2, -1), i(Op.STXB, 1, 2, 0, 0), i(Op.STXH, 1, 2, 2, 0), i(Op.STXW, 1, 2, 4, 0), exit());
        assertArrayEquals(new byte[] {-1, 0, -1, -1, -1, -1, -1, -1}, m3);
    }

    @Test
    void stackThroughR10AndThroughACopiedPointer() {
        // stxdw [r10-8], r1; ldxdw r0, [r10-8]
        assertR0(42, vm(movImm(1, 42), i(Op.STXDW, 10, 1, -8, 0), i(Op.LDXDW, 0, 10, -8, 0), exit())
                .run(Memory.empty(), 0, 0, BUDGET));
        // r2 = r10 - 512 (the frame's bottom); stw [r2], 7; ldxw r0, [r10-512]
        assertR0(7, run(aluReg(Op.MOV64_REG, 2, 10), aluImm(Op.ADD64_IMM, 2, -512), i(Op.STW, 2, 0, 0, 7),
                i(Op.LDXW, 0, 10, -512, 0), exit()));
        // the stack is zeroed for each run
        Vm vm = vm(i(Op.LDXDW, 0, 10, -8, 0), movImm(1, 5), i(Op.STXDW, 10, 1, -8, 0), exit());
        assertR0(0, vm.run(Memory.empty(), 0, 0, BUDGET));
        assertR0(0, vm.run(Memory.empty(), 0, 0, BUDGET));
    }

    @Test
    void stackReachedOnlyThroughAComputedAddressIsThereAndZeroedEachRun() {
        // No instruction names r10, so a run allocates its stack only at the first access (see Run.stack): a load,
        // a store, an atomic and a helper must each find it, zeroed, at the interpreter's addresses.
        long slot = Memory.STACK_AREA_END - 8;
        Vm load = vm(lddw(1, slot), i(Op.LDXDW, 0, 1, 0, 0), movImm(2, 9), i(Op.STXDW, 1, 2, 0, 0),
                i(Op.LDXDW, 3, 1, 0, 0), aluReg(Op.ADD64_REG, 0, 3), exit());
        assertR0(9, load.run(Memory.empty(), 0, 0, BUDGET));
        assertR0(9, load.run(Memory.empty(), 0, 0, BUDGET));
        Vm store = vm(lddw(1, slot), i(Op.STW, 1, 0, 4, 5), i(Op.LDXW, 0, 1, 4, 0), exit());
        assertR0(5, store.run(Memory.empty(), 0, 0, BUDGET));
        Vm atomic = vm(lddw(1, slot), movImm(2, 3), i(Op.ATOMIC64_FETCH_ADD, 1, 2, 0, 1), i(Op.LDXDW, 0, 1, 0, 0),
                aluReg(Op.ADD64_REG, 0, 2), exit()); // 0 + 3 stored, old value 0 fetched into r2: r0 = 3
        assertR0(3, atomic.run(Memory.empty(), 0, 0, BUDGET));
        Vm helper = vm(lddw(1, slot), movImm(2, 8), call(1), i(Op.LDXB, 0, 1, 7, 0), exit()); // memfrob: 0 ^ 42
        assertR0(42, helper.run(Memory.empty(), 0, 0, BUDGET));
        // The bottom of the stack area, one frame's worth below the entry frame's top, and just below it.
        long bottom = Memory.STACK_AREA_END - verify(exit()).policy().stackSize();
        assertR0(0, vm(lddw(1, bottom), i(Op.LDXB, 0, 1, 0, 0), exit()).run(Memory.empty(), 0, 0, BUDGET));
        Fault.OutOfBounds below = fault(Fault.OutOfBounds.class,
                vm(lddw(1, bottom - 1), i(Op.LDXB, 0, 1, 0, 0), exit()).run(Memory.empty(), 0, 0, BUDGET));
        assertEquals(bottom - 1, below.address());
    }

    @Test
    void accessesAboveTheFrameOrBelowTheStackFault() {
        // the verifier rejects such accesses through r10 itself, so go through a copy of it
        Fault.OutOfBounds above = fault(Fault.OutOfBounds.class, run(aluReg(Op.MOV64_REG, 1, 10), i(Op.LDXB, 0, 1, 0, 0), exit()));
        assertEquals(1, above.pc());
        assertEquals(Memory.STACK_AREA_END, above.address());
        assertEquals("stack", above.nearestRegion());
        // below the whole stack (8 frames of 512 bytes by default), through a pointer
        Outcome below = run(aluReg(Op.MOV64_REG, 1, 10), aluImm(Op.ADD64_IMM, 1, -4097), i(Op.LDXB, 0, 1, 0, 0), exit());
        assertEquals(Memory.STACK_AREA_END - 4097, fault(Fault.OutOfBounds.class, below).address());
        // straddling the top of the stack
        Fault.OutOfBounds straddle = fault(Fault.OutOfBounds.class,
                run(aluReg(Op.MOV64_REG, 1, 10), i(Op.LDXDW, 0, 1, -4, 0), exit()));
        assertEquals(8, straddle.size());
    }

    @Test
    void outOfBoundsNamesAddressSizeAccessAndNearestRegion() {
        Fault.OutOfBounds f = fault(Fault.OutOfBounds.class, runWith(new byte[4], i(Op.LDXW, 0, 1, 1, 0), exit()));
        assertEquals(MEM + 1, f.address());
        assertEquals(4, f.size());
        assertEquals(Fault.Access.READ, f.access());
        assertEquals("mem", f.nearestRegion());
        assertEquals(0, f.pc());
        assertEquals("4-byte read at 0x10000001 is outside every region (nearest: mem)", f.message());
        Fault.OutOfBounds w = fault(Fault.OutOfBounds.class, runWith(new byte[4], i(Op.STB, 1, 0, -1, 0), exit()));
        assertEquals(Fault.Access.WRITE, w.access());
        assertEquals(MEM - 1, w.address());
    }

    @Test
    void nullAndWrapAroundAddressesFault() {
        Fault.OutOfBounds zero = fault(Fault.OutOfBounds.class, run(i(Op.LDXB, 0, 1, 0, 0), exit()));
        assertEquals(0, zero.address());
        // an access whose last byte would wrap past 2^64 into a region at address 0
        Vm vm = vm(lddw(1, -2), i(Op.LDXW, 0, 1, 0, 0), exit());
        Memory low = Memory.of(Region.readOnly("low", 0, new byte[16]));
        Fault.OutOfBounds wrap = fault(Fault.OutOfBounds.class, vm.run(low, 0, 0, BUDGET));
        assertEquals(-2L, wrap.address());
        // and the same from the top of the address space
        // [2^64 - 17, 2^64 - 1): the highest region there can be (one ending at 2^64 is refused)
        Memory high = Memory.of(Region.readOnly("high", -17, new byte[16]));
        assertR0(0, vm(lddw(1, -5), i(Op.LDXW, 0, 1, 0, 0), exit()).run(high, 0, 0, BUDGET));
        fault(Fault.OutOfBounds.class, vm(lddw(1, -2), i(Op.LDXW, 0, 1, 0, 0), exit()).run(high, 0, 0, BUDGET));
    }

    @Test
    void writesToReadOnlyRegionsFault() {
        Vm vm = vm(i(Op.STB, 1, 0, 0, 1), exit());
        byte[] bytes = new byte[4];
        Outcome o = vm.run(Memory.of(Region.readOnly("ro", MEM, bytes)), MEM, 4, BUDGET);
        Fault.ReadOnlyWrite f = fault(Fault.ReadOnlyWrite.class, o);
        assertEquals("ro", f.region());
        assertEquals(MEM, f.address());
        assertArrayEquals(new byte[4], bytes);
        // reading it is fine
        assertR0(0, vm(i(Op.LDXW, 0, 1, 0, 0), exit()).run(Memory.of(Region.readOnly("ro", MEM, bytes)), MEM, 4, BUDGET));
    }

    @Test
    void alternatingBetweenRegionsAndStackKeepsWorking() {
        // copies 8 bytes from region a to region b through the stack, byte by byte, in a loop
        byte[] a = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] b = new byte[8];
        Vm vm = vm(movImm(3, 0),
                aluReg(Op.MOV64_REG, 4, 1), aluReg(Op.ADD64_REG, 4, 3), i(Op.LDXB, 5, 4, 0, 0),
                aluReg(Op.MOV64_REG, 6, 10), aluImm(Op.ADD64_IMM, 6, -16), aluReg(Op.ADD64_REG, 6, 3),
                i(Op.STXB, 6, 5, 0, 0), i(Op.LDXB, 7, 6, 0, 0),
                aluReg(Op.MOV64_REG, 4, 2), aluReg(Op.ADD64_REG, 4, 3), i(Op.STXB, 4, 7, 0, 0),
                aluImm(Op.ADD64_IMM, 3, 1), i(Op.JNE64_IMM, 3, 0, -13, 8), movImm(0, 0), exit());
        Memory mem = Memory.of(Region.readOnly("a", 0x1000, a), Region.writable("b", 0x2000, b));
        assertR0(0, vm.run(mem, 0x1000, 0x2000, BUDGET));
        assertArrayEquals(a, b);
    }

    @Test
    void emptyRegionsHoldNothing() {
        Outcome o = vm(i(Op.LDXB, 0, 1, 0, 0), exit()).run(Memory.of(Region.writable("e", MEM, new byte[0])), MEM, 0, BUDGET);
        assertEquals("stack", fault(Fault.OutOfBounds.class, o).nearestRegion()); // the empty region is not "near"
    }
}
