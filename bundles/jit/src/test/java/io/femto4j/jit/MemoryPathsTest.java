package io.femto4j.jit;

import io.femto4j.isa.Assembler;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Engine;
import io.femto4j.vm.Fault;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.conformance.SuiteHelpers;
import io.femto4j.vm.Vm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Memory paths the compiled code takes a shortcut on, each checked against the interpreter: the windows that start
 * on the region r1 points into, and the stack that a program naming no r10 gets only when it first touches it.
 */
class MemoryPathsTest {
    static final long MEM = 0x1000_0000L;
    static final long SLOT = Memory.STACK_AREA_END - 8;

    static VerifiedProgram verify(String asm) throws Exception {
        return Verifier.verify(Assembler.assemble(asm).toBytes(), Policy.permissive(n -> true)).orThrow();
    }

    /** Runs {@code asm} on both engines with {@code mem} at MEM (r1 = MEM + r1Offset); same outcome and bytes. */
    static Outcome both(String asm, byte[] mem, boolean writable, long r1Offset) throws Exception {
        VerifiedProgram program = verify(asm);
        HelperTable helpers = SuiteHelpers.table();
        Engine compiled = Jit.load(program, helpers);
        assertEquals(Engine.Kind.COMPILER, compiled.kind(), compiled::description);
        Vm vm = Vm.load(program, helpers);
        byte[] forVm = mem.clone();
        Outcome expected = vm.run(Memory.of(new Region("mem", MEM, forVm, writable)), MEM + r1Offset, mem.length, 1000);
        for (int run = 0; run < 2; run++) { // twice: nothing may carry over from one run to the next
            byte[] forJit = mem.clone();
            Outcome actual = compiled.run(Memory.of(new Region("mem", MEM, forJit, writable)), MEM + r1Offset,
                    mem.length, 1000);
            assertEquals(expected, actual);
            assertArrayEquals(forVm, forJit);
        }
        return expected;
    }

    @Test
    void aStackReachedOnlyThroughAComputedAddressIsThereAndZeroed() throws Exception {
        String slot = "lddw %r1, " + SLOT + "\n";
        assertEquals(new Outcome.Returned(9, 7), both(slot + "ldxdw %r0, [%r1]\nmov %r2, 9\nstxdw [%r1], %r2\n"
                + "ldxdw %r3, [%r1]\nadd %r0, %r3\nexit\n", new byte[4], true, 0));
        assertEquals(new Outcome.Returned(5, 4), both(slot + "stw [%r1+4], 5\nldxw %r0, [%r1+4]\nexit\n",
                new byte[4], true, 0));
        assertEquals(new Outcome.Returned(3, 6), both(slot + "mov %r2, 3\nlock fetch add [%r1], %r2\n"
                + "ldxdw %r0, [%r1]\nadd %r0, %r2\nexit\n", new byte[4], true, 0));
        assertEquals(new Outcome.Returned(42, 5), both(slot + "mov %r2, 8\ncall 1\nldxb %r0, [%r1+7]\nexit\n",
                new byte[4], true, 0)); // memfrob: 0 ^ 42
    }

    @Test
    void theContextWindowGivesTheInterpretersResultsAndFaults() throws Exception {
        byte[] mem = {1, 2, 3, 4, 5, 6, 7, 8};
        // Reads and writes through r1, writes refused on a read-only context, r1 past the end or pointing nowhere.
        assertEquals(new Outcome.Returned(0x0403, 2), both("ldxh %r0, [%r1+2]\nexit\n", mem, false, 0));
        assertEquals(new Outcome.Returned(0x99, 3), both("stb [%r1+7], 0x99\nldxb %r0, [%r1+7]\nexit\n", mem, true, 0));
        assertFault(Fault.ReadOnlyWrite.class, both("stb [%r1], 1\nexit\n", mem, false, 0));
        assertFault(Fault.OutOfBounds.class, both("ldxb %r0, [%r1]\nexit\n", mem, false, 8));
        assertFault(Fault.OutOfBounds.class, both("ldxh %r0, [%r1-1]\nexit\n", mem, false, 0));
        assertFault(Fault.OutOfBounds.class, both("ldxb %r0, [%r1]\nexit\n", mem, true, -1));
        assertFault(Fault.OutOfBounds.class, both("ldxdw %r0, [%r1]\nstxdw [%r1], %r0\nexit\n", mem, true, 1));
        assertEquals(new Outcome.Returned(0x0807060504030201L, 3),
                both("ldxdw %r0, [%r1]\nstxdw [%r1], %r0\nexit\n", mem, true, 0));
    }

    static void assertFault(Class<? extends Fault> kind, Outcome outcome) {
        assertInstanceOf(kind, assertInstanceOf(Outcome.Faulted.class, outcome).fault(), outcome::toString);
    }
}
