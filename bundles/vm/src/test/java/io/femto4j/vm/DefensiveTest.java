package io.femto4j.vm;

import io.femto4j.vm.conformance.SuiteHelpers;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerifiedProgram;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The VM's own checks behind the verifier. A complete verifier refuses all of these programs, so they are built
 * here as VerifiedPrograms without it (reflection; test code only) to show that a verifier bug would end a run
 * with a fault, never with an exception or a write to r10.
 */
class DefensiveTest {

    static VerifiedProgram unverified(Policy policy, Instruction[]... parts) throws Exception {
        List<Instruction> all = new ArrayList<>();
        for (Instruction[] p : parts) {
            all.addAll(Arrays.asList(p));
        }
        Constructor<VerifiedProgram> c = VerifiedProgram.class.getDeclaredConstructor(Program.class, Policy.class,
                BitSet.class, BitSet.class, int.class);
        c.setAccessible(true);
        BitSet starts = new BitSet();
        starts.set(0);
        return c.newInstance(Program.of(all), policy, starts, new BitSet(), 1);
    }

    static Outcome runUnverified(Instruction[]... parts) throws Exception {
        return Vm.load(unverified(Policy.permissive(n -> n == 2), parts), SuiteHelpers.table())
                .run(Memory.of(Region.writable("m", MEM, new byte[16])), MEM, 16, BUDGET);
    }

    static String invalid(Outcome o) {
        return fault(Fault.InvalidInstruction.class, o).reason();
    }

    @Test
    void recursionHitsTheDepthLimit() throws Exception {
        Outcome o = runUnverified(i(Op.CALL_LOCAL, 0, 1, 0, -1), exit());
        Fault.CallDepthExceeded f = fault(Fault.CallDepthExceeded.class, o);
        assertEquals(Policy.DEFAULT_MAX_CALL_DEPTH + 1, f.depth());
        assertEquals(Policy.DEFAULT_MAX_CALL_DEPTH, o.instructions());
    }

    @Test
    void writersOfR10Fault() throws Exception {
        assertTrue(invalid(runUnverified(movImm(10, 1), exit())).contains("writes r10"));
        assertTrue(invalid(runUnverified(i(Op.LDXDW, 10, 1, 0, 0), exit())).contains("writes r10"));
        assertTrue(invalid(runUnverified(lddw(10, 5), exit())).contains("writes r10"));
        assertTrue(invalid(runUnverified(i(Op.ATOMIC64_FETCH_ADD, 1, 10, 0, Op.ATOMIC64_FETCH_ADD.discriminator()),
                exit())).contains("writes r10"));
        assertTrue(invalid(runUnverified(i(Op.ATOMIC32_XCHG, 1, 10, 0, Op.ATOMIC32_XCHG.discriminator()),
                exit())).contains("writes r10"));
        // cmpxchg with src r10 only reads r10 (it loads into r0): allowed
        assertR0(0, runUnverified(i(Op.ATOMIC64_CMPXCHG, 1, 10, 0, Op.ATOMIC64_CMPXCHG.discriminator()), exit()));
    }

    @Test
    void badJumpTargetsFault() throws Exception {
        assertTrue(invalid(runUnverified(i(Op.JA, 0, 0, 5, 0), exit())).contains("outside the program"));
        assertTrue(invalid(runUnverified(i(Op.JEQ64_IMM, 0, 0, -3, 0), exit())).contains("outside the program"));
        assertTrue(invalid(runUnverified(i(Op.CALL_LOCAL, 0, 1, 0, 9), exit())).contains("outside the program"));
        assertTrue(invalid(runUnverified(i(Op.JA, 0, 0, 1, 0), lddw(0, 1), exit())).contains("second half"));
    }

    @Test
    void fallingOffTheEndFaults() throws Exception {
        Outcome o = runUnverified(movImm(0, 1), movImm(0, 2));
        assertTrue(invalid(o).contains("past the end"));
        assertEquals(2, fault(Fault.InvalidInstruction.class, o).pc());
        assertEquals(3, o.instructions());
    }

    @Test
    void directCallsToDisallowedHelpersFault() throws Exception {
        // helper 1 is registered but the policy allows only 2
        assertTrue(invalid(runUnverified(call(1), exit())).contains("not allowed"));
        assertR0(0, runUnverified(call(2), exit()));
    }
}
