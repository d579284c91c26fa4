package io.femto4j.vm.security;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import io.femto4j.verifier.Diagnostic;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Fault;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;
import io.femto4j.vm.Vm;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;

import static io.femto4j.vm.security.IsolationHarness.COPY;
import static io.femto4j.vm.security.IsolationHarness.HELPERS;
import static io.femto4j.vm.security.IsolationHarness.PEEK;
import static io.femto4j.vm.security.IsolationHarness.POKE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per isolation defect class found in the upstream C VM (docs/femto-containers.md, "Where the upstream
 * falls short") that the verifier and VM close, each written as the attack a tenant would try. docs/security.md
 * maps every class to its test, including the ones closed in other bundles.
 */
class UpstreamDefectClassesTest {
    static final Policy POLICY = IsolationHarness.POLICY;
    static final long CTX = 0x1000_0000L;

    static Instruction in(Op op, int dst, int src, int off, int imm) {
        return new Instruction(op, dst, src, off, imm);
    }

    static Instruction exit() {
        return in(Op.EXIT, 0, 0, 0, 0);
    }

    static byte[] code(Instruction... slots) {
        return Program.of(List.of(slots)).toBytes();
    }

    static List<Diagnostic.Code> errors(byte[] code) {
        return Verifier.verify(code, POLICY).diagnostics().stream().filter(Diagnostic::isError)
                .map(Diagnostic::code).toList();
    }

    static VerifiedProgram accepted(byte[] code) {
        Verification v = Verifier.verify(code, POLICY);
        return assertInstanceOf(Verification.Accepted.class, v, v.diagnostics()::toString).program();
    }

    @Test
    void jumpTargetOffByOne() {
        // upstream accepted a target equal to the program length; here it is outside, and length - 1 is fine
        assertEquals(List.of(Diagnostic.Code.JUMP_OUT_OF_PROGRAM), errors(code(in(Op.JA, 0, 0, 1, 0), exit())));
        accepted(code(in(Op.JA, 0, 0, 0, 0), exit()));
    }

    @Test
    void jumpIntoTheSecondHalfOfLddw() {
        byte[] code = code(in(Op.JA, 0, 0, 1, 0), in(Op.LDDW, 0, 0, 0, 0x0095), in(Op.WIDE_HI, 0, 0, 0, 0), exit());
        assertTrue(errors(code).contains(Diagnostic.Code.JUMP_INTO_WIDE_LOAD), errors(code)::toString);
    }

    @Test
    void r10IsNotWritable() {
        assertEquals(List.of(Diagnostic.Code.WRITES_R10), errors(code(in(Op.MOV64_IMM, 10, 0, 0, 0), exit())));
        assertEquals(List.of(Diagnostic.Code.WRITES_R10), errors(code(in(Op.LDXDW, 10, 10, -8, 0), exit())));
    }

    @Test
    void shiftCountsAreMaskedNotUndefined() {
        // accepted with a warning (the count is well defined: masked to 6 bits), never undefined behaviour
        Verification v = Verifier.verify(code(in(Op.MOV64_IMM, 0, 0, 0, 1), in(Op.LSH64_IMM, 0, 0, 0, 65), exit()), POLICY);
        assertEquals(List.of(Diagnostic.Code.SHIFT_OUT_OF_RANGE), v.diagnostics().stream().map(Diagnostic::code).toList());
        Vm vm = Vm.load(((Verification.Accepted) v).program(), HELPERS);
        assertEquals(2, ((Outcome.Returned) vm.run(Memory.empty(), 0, 0, 10)).r0());
        // the same through a register holding a huge count, which no static check can see
        Vm byRegister = Vm.load(accepted(code(in(Op.MOV64_IMM, 0, 0, 0, 1), in(Op.LSH64_REG, 0, 1, 0, 0), exit())), HELPERS);
        assertEquals(1L << 3, ((Outcome.Returned) byRegister.run(Memory.empty(), 64 * 1000 + 3, 0, 10)).r0());
    }

    @Test
    void theBudgetCannotBeSwitchedOff() {
        Vm loop = Vm.load(accepted(code(in(Op.JA, 0, 0, -1, 0), exit())), HELPERS);
        assertThrows(IllegalArgumentException.class, () -> loop.run(Memory.empty(), 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> loop.run(Memory.empty(), 0, 0, -1));
        Outcome o = loop.run(Memory.empty(), 0, 0, 12_345);
        assertInstanceOf(Fault.BudgetExhausted.class, ((Outcome.Faulted) o).fault());
        assertEquals(12_345, o.instructions());
    }

    @Test
    void helpersCannotBePointedOutsideTheRegions() {
        byte[] ctx = new byte[64];
        byte[] guard = new byte[16];
        Arrays.fill(guard, (byte) 0xa5);
        Memory memory = Memory.of(Region.writable("ctx", CTX, ctx), Region.readOnly("guard", CTX + 64, guard));
        // poke(r1 = addr, r2 = value, r3 = size selector 3 -> 8 bytes)
        for (long address : new long[] {CTX + 57, CTX + 64, CTX - 1, 0, -8, Memory.STACK_AREA_END - 7}) {
            Vm poke = Vm.load(accepted(code(in(Op.LDDW, 1, 0, 0, (int) address), in(Op.WIDE_HI, 0, 0, 0, (int) (address >>> 32)),
                    in(Op.MOV64_IMM, 2, 0, 0, -1), in(Op.MOV64_IMM, 3, 0, 0, 3), in(Op.CALL, 0, 0, 0, POKE), exit())), HELPERS);
            Outcome o = poke.run(memory, 0, 0, 100);
            assertInstanceOf(Fault.HelperOutOfBounds.class, ((Outcome.Faulted) o).fault(), o::toString);
        }
        assertArrayEquals(new byte[64], ctx, "nothing written into the context");
        byte[] canary = new byte[16];
        Arrays.fill(canary, (byte) 0xa5);
        assertArrayEquals(canary, guard, "canary intact");
        // reads: 8 bytes from 7 before the end of ctx; and a copy spanning ctx and guard, which is two regions
        Vm peek = Vm.load(accepted(code(in(Op.ADD64_IMM, 1, 0, 0, 57), in(Op.MOV64_IMM, 3, 0, 0, 3),
                in(Op.CALL, 0, 0, 0, PEEK), exit())), HELPERS);
        assertInstanceOf(Fault.HelperOutOfBounds.class, ((Outcome.Faulted) peek.run(memory, CTX, 0, 100)).fault());
        Vm copy = Vm.load(accepted(code(in(Op.ADD64_IMM, 1, 0, 0, 60), in(Op.MOV64_REG, 2, 10, 0, 0),
                in(Op.ADD64_IMM, 2, 0, 0, -64), in(Op.MOV64_IMM, 3, 0, 0, 8), in(Op.CALL, 0, 0, 0, COPY), exit())), HELPERS);
        assertInstanceOf(Fault.HelperOutOfBounds.class, ((Outcome.Faulted) copy.run(memory, CTX, 0, 100)).fault());
    }

    @Test
    void regionsCannotPointOutsideTheAddressSpaceOrIntoTheStack() {
        // the host-side half of "section offsets computed wrongly": a region that wraps or overlaps the stack
        // area is refused when memory is built, so no run ever sees it
        assertThrows(IllegalArgumentException.class, () -> Memory.of(Region.writable("wraps", -8, new byte[16])));
        assertThrows(IllegalArgumentException.class, () -> Memory.of(Region.writable("stack", Memory.STACK_AREA_END - 8, new byte[8])));
        VerifiedProgram p = accepted(code(exit()));
        assertThrows(IllegalArgumentException.class, () -> Vm.load(p, HELPERS,
                new Sections(Region.writable(".data", -4, new byte[8]), null)));
    }

    @Test
    void replacedBytesAreNeverRunUnverified() {
        // upstream re-used a slot whose payload changed after verification; here the VM runs only what the
        // verifier saw: changing the caller's array afterwards changes nothing, and there is no other way in
        byte[] code = code(in(Op.MOV64_IMM, 0, 0, 0, 7), exit());
        VerifiedProgram p = accepted(code);
        Arrays.fill(code, (byte) 0xff);
        assertEquals(7, ((Outcome.Returned) Vm.load(p, HELPERS).run(Memory.empty(), 0, 0, 10)).r0());
        assertTrue(Arrays.stream(VerifiedProgram.class.getDeclaredConstructors())
                .noneMatch(c -> Modifier.isPublic(c.getModifiers())), "only the verifier makes a VerifiedProgram");
    }
}
