package io.femto4j.vm;

import io.femto4j.vm.conformance.SuiteHelpers;
import io.femto4j.isa.Op;
import io.femto4j.verifier.Policy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BPF-to-BPF calls, helper calls, callx, and the faults each can end in. */
class CallTest {

    @Test
    void localCallsGetTheirOwnFrameAndPreserveR6ToR9() {
        // main: r6..r9 = 6..9; [r10-8] = 100; call f; r0 += [r10-8] + r6 + r7 + r8 + r9; exit
        // f: [r10-8] = 1 (its own frame); r6..r9 = 0; r0 = r10 (its frame pointer); exit
        Outcome o = run(movImm(6, 6), movImm(7, 7), movImm(8, 8), movImm(9, 9), i(Op.STDW, 10, 0, -8, 100),
                i(Op.CALL_LOCAL, 0, 1, 0, 7),
                i(Op.LDXDW, 1, 10, -8, 0), aluReg(Op.ADD64_REG, 1, 6), aluReg(Op.ADD64_REG, 1, 7),
                aluReg(Op.ADD64_REG, 1, 8), aluReg(Op.ADD64_REG, 1, 9), aluReg(Op.SUB64_REG, 0, 1),
                // r0 = f's r10 - (100 + 30); compare with the expected frame pointer below
                exit(),
                i(Op.STDW, 10, 0, -8, 1), movImm(6, 0), movImm(7, 0), movImm(8, 0), movImm(9, 0),
                aluReg(Op.MOV64_REG, 0, 10), exit());
        assertR0(Memory.STACK_AREA_END - 512 - 130, o);
    }

    @Test
    void callerFramePointersStayValidInCallees() {
        // main passes a pointer to its frame; the callee writes through it
        assertR0(77, run(aluReg(Op.MOV64_REG, 1, 10), aluImm(Op.ADD64_IMM, 1, -8), i(Op.CALL_LOCAL, 0, 1, 0, 2),
                i(Op.LDXDW, 0, 10, -8, 0), exit(),
                i(Op.STDW, 1, 0, 0, 77), exit()));
    }

    @Test
    void maximumDepthIsAllowed() {
        // a chain of 7 calls below main = 8 frames, the default limit; each level's frame pointer is 512 lower
        assertR0(Memory.STACK_AREA_END - 7 * 512, run(i(Op.CALL_LOCAL, 0, 1, 0, 1), exit(),
                i(Op.CALL_LOCAL, 0, 1, 0, 1), exit(), i(Op.CALL_LOCAL, 0, 1, 0, 1), exit(),
                i(Op.CALL_LOCAL, 0, 1, 0, 1), exit(), i(Op.CALL_LOCAL, 0, 1, 0, 1), exit(),
                i(Op.CALL_LOCAL, 0, 1, 0, 1), exit(), i(Op.CALL_LOCAL, 0, 1, 0, 1), exit(),
                aluReg(Op.MOV64_REG, 0, 10), exit()));
    }

    @Test
    void helpersGetR1ToR5AndReturnInR0() {
        assertR0(0x01_0203_0405L, run(movImm(1, 1), movImm(2, 2), movImm(3, 3), movImm(4, 4), movImm(5, 5),
                call(0), exit()));
        // r1..r5 keep their values across a helper call (this VM's choice; RFC 9669 leaves them undefined)
        assertR0(1, run(movImm(1, 1), call(2), aluReg(Op.MOV64_REG, 0, 1), exit()));
    }

    @Test
    void helpersAccessMemoryThroughTheContext() {
        byte[] mem = {1, 2, 3, 0};
        Outcome o = runWith(mem, call(1), exit()); // memfrob(r1, r2)
        assertR0(0, o);
        assertArrayEquals(new byte[] {1 ^ 42, 2 ^ 42, 3 ^ 42, 42}, mem);
        // strcmp on two stack strings
        assertR0(0, run(i(Op.STW, 10, 0, -8, 0x00636261), i(Op.STW, 10, 0, -16, 0x00636261),
                aluReg(Op.MOV64_REG, 1, 10), aluImm(Op.ADD64_IMM, 1, -8), aluReg(Op.MOV64_REG, 2, 10),
                aluImm(Op.ADD64_IMM, 2, -16), call(4), exit()));
    }

    @Test
    void helperMemoryViolationsEndTheRunNamingTheHelper() {
        Outcome o = runWith(new byte[4], movImm(2, 5), call(1), exit()); // memfrob past the end
        Fault.HelperOutOfBounds f = fault(Fault.HelperOutOfBounds.class, o);
        assertEquals(1, f.number());
        assertEquals("memfrob", f.name());
        assertEquals(MEM, f.address());
        assertEquals(5, f.size());
        assertEquals("mem", f.region());
        assertEquals(1, f.pc());
        Vm vm = vm(call(1), exit());
        Fault.HelperOutOfBounds ro = fault(Fault.HelperOutOfBounds.class,
                vm.run(Memory.of(Region.readOnly("ro", MEM, new byte[4])), MEM, 4, BUDGET));
        assertTrue(ro.readOnly());
        assertTrue(ro.message().contains("read-only region ro"), ro.message());
    }

    @Test
    void helperFaultsAndExceptionsBecomeHelperFailed() {
        HelperTable table = HelperTable.builder()
                .register(7, "picky", (c, a, b, d, e, f) -> {
                    throw new HelperFault("bad argument " + a);
                })
                .register(8, "buggy", (c, a, b, d, e, f) -> {
                    throw new IllegalStateException("oops");
                })
                .build();
        Vm picky = Vm.load(verify(movImm(1, 3), call(7), exit()), table);
        Fault.HelperFailed f = fault(Fault.HelperFailed.class, picky.run(Memory.empty(), 0, 0, BUDGET));
        assertEquals("helper 7 (picky) failed: bad argument 3", f.message());
        assertEquals(1, f.pc());
        Vm buggy = Vm.load(verify(call(8), exit()), table);
        Fault.HelperFailed g = fault(Fault.HelperFailed.class, buggy.run(Memory.empty(), 0, 0, BUDGET));
        assertTrue(g.reason().contains("IllegalStateException: oops"), g.reason());
    }

    @Test
    void unwindStopsTheProgramAtOnce() {
        Outcome o = run(movImm(1, 0), call(5), movImm(0, 99), exit());
        assertR0(0, o);
        assertEquals(2, o.instructions());
        assertR0(2, run(movImm(1, 1), call(5), movImm(0, 2), exit()));
    }

    @Test
    void unknownHelpersFaultWhenReached() {
        // allowed by the policy but not registered: faults at run time, only if executed
        Vm vm = Vm.load(verify(i(Op.JA, 0, 0, 1, 0), call(42), movImm(0, 3), exit()), HelperTable.empty());
        assertR0(3, vm.run(Memory.empty(), 0, 0, BUDGET));
        Vm vm2 = Vm.load(verify(call(42), exit()), HelperTable.empty());
        Fault.UnknownHelper f = fault(Fault.UnknownHelper.class, vm2.run(Memory.empty(), 0, 0, BUDGET));
        assertEquals(42, f.number());
        assertEquals(0, f.pc());
    }

    @Test
    void callxChecksTableAndPolicy() {
        HelperTable table = SuiteHelpers.table();
        // allowed 0..5 like the suite; callx r2 with r2 = 2 (no_op), 3 with 9 -> sqrt = 3
        Vm vm = Vm.load(verify(bytes(movImm(1, 9), movImm(2, 3), i(Op.CALLX, 2, 0, 0, 0), exit()),
                Policy.permissive(n -> n >= 0 && n <= 5)), table);
        assertR0(3, vm.run(Memory.empty(), 0, 0, BUDGET));
        // registered (4 = strcmp) but the policy allows only 3
        Vm narrow = Vm.load(verify(bytes(movImm(2, 4), i(Op.CALLX, 2, 0, 0, 0), exit()),
                Policy.permissive(n -> n == 3)), table);
        Fault.HelperNotAllowed na = fault(Fault.HelperNotAllowed.class, narrow.run(Memory.empty(), 0, 0, BUDGET));
        assertEquals(4, na.number());
        assertEquals("strcmp", na.name());
        // not registered at all, including numbers that do not fit an int
        Vm unknown = Vm.load(verify(bytes(lddw(2, 0x1_0000_0003L), i(Op.CALLX, 2, 0, 0, 0), exit()),
                Policy.permissive(n -> true)), table);
        assertEquals(0x1_0000_0003L, fault(Fault.UnknownHelper.class, unknown.run(Memory.empty(), 0, 0, BUDGET)).number());
    }

    @Test
    void helperContextIsUsableOnlyDuringTheCall() {
        AtomicReference<HelperContext> kept = new AtomicReference<>();
        HelperTable table = HelperTable.builder().register(1, "keep", (c, a, b, d, e, f) -> {
            kept.set(c);
            assertEquals(1, c.helperNumber());
            assertEquals("keep", c.helperName());
            return c.readInt(a, 4);
        }).build();
        Vm vm = Vm.load(verify(call(1), exit()), table);
        byte[] mem = {4, 3, 2, 1};
        assertR0(0x01020304, vm.run(Memory.of(Region.writable("m", MEM, mem)), MEM, 4, BUDGET));
        assertThrows(IllegalStateException.class, () -> kept.get().readInt(MEM, 4));
    }

    @Test
    void helperContextReadsAndWritesEverySize() {
        HelperTable table = HelperTable.builder().register(1, "rw", (c, a, b, d, e, f) -> {
            c.writeInt(a, 1, 0x11);
            c.writeInt(a + 1, 2, 0x2233);
            c.writeInt(a + 3, 4, 0x44556677);
            c.writeInt(a + 7, 8, 0x0102030405060708L);
            c.write(a + 15, new byte[] {9});
            return c.readInt(a, 1) + c.readInt(a + 1, 2) + c.readInt(a + 3, 4) + c.readInt(a + 7, 8)
                    + c.read(a + 15, 1)[0];
        }).build();
        byte[] mem = new byte[16];
        Vm vm = Vm.load(verify(call(1), exit()), table);
        assertR0(0x11 + 0x2233 + 0x44556677L + 0x0102030405060708L + 9,
                vm.run(Memory.of(Region.writable("m", MEM, mem)), MEM, 16, BUDGET));
        // and the stack, which helpers may use too
        Vm stack = Vm.load(verify(aluReg(Op.MOV64_REG, 1, 10), aluImm(Op.ADD64_IMM, 1, -16), call(1),
                i(Op.LDXB, 0, 10, -1, 0), exit()), table);
        assertR0(9, stack.run(Memory.empty(), 0, 0, BUDGET));
    }

    @Test
    void hugeLengthsFromProgramsAreCheckedBeforeHelpersAllocate() {
        // memfrob(r1, 0x7fffffff): the context refuses the range instead of allocating 2 GiB
        Outcome o = runWith(new byte[16], lddw(2, Integer.MAX_VALUE), call(1), exit());
        Fault.HelperOutOfBounds f = fault(Fault.HelperOutOfBounds.class, o);
        assertEquals(Integer.MAX_VALUE, f.size());
        assertEquals("memfrob", f.name());
    }
}
