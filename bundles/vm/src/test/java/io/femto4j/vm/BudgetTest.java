package io.femto4j.vm;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The instruction budget: exact counting, exhaustion, and no way around it. */
class BudgetTest {

    @Test
    void infiniteLoopEndsExactlyAtTheBudget() {
        Vm vm = vm(i(Op.JA, 0, 0, -1, 0), exit());
        for (long budget : new long[] {1, 2, 17, 100_000}) {
            Outcome o = vm.run(Memory.empty(), 0, 0, budget);
            Fault.BudgetExhausted f = fault(Fault.BudgetExhausted.class, o);
            assertEquals(budget, o.instructions());
            assertEquals(budget, f.budget());
            assertEquals(0, f.pc());
        }
    }

    @Test
    void aProgramThatNeedsNInstructionsRunsWithBudgetNButNotNMinusOne() {
        // r0 = 0; loop 10 times: r0 += 1 ... = 1 + 10 * 2 + 1 = 22 instructions
        Vm vm = vm(movImm(0, 0), aluImm(Op.ADD64_IMM, 0, 1), i(Op.JNE64_IMM, 0, 0, -2, 10), exit());
        Outcome ok = vm.run(Memory.empty(), 0, 0, 22);
        assertR0(10, ok);
        assertEquals(22, ok.instructions());
        Outcome cut = vm.run(Memory.empty(), 0, 0, 21);
        assertEquals(3, fault(Fault.BudgetExhausted.class, cut).pc()); // the exit did not run
        assertEquals(21, cut.instructions());
    }

    @Test
    void faultsCountTheFaultingInstruction() {
        Outcome o = run(movImm(0, 1), movImm(1, 0), i(Op.LDXB, 0, 1, 0, 0), exit());
        assertEquals(3, o.instructions());
        assertEquals(2, fault(Fault.OutOfBounds.class, o).pc());
    }

    @Test
    void budgetMustBePositive() {
        Vm vm = vm(exit());
        assertThrows(IllegalArgumentException.class, () -> vm.run(Memory.empty(), 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> vm.run(Memory.empty(), 0, 0, -5));
        assertEquals(1, vm.run(Memory.empty(), 0, 0, 1).instructions());
    }

    @Test
    void helperCallsAndLocalCallsCount() {
        Outcome o = run(call(2), i(Op.CALL_LOCAL, 0, 1, 0, 1), exit(), movImm(0, 4), exit());
        assertR0(4, o);
        assertEquals(5, o.instructions());
    }

    @Test
    void aBudgetEndingInsideAUnitWithWideLoadsCountsEachAsOneInstruction() {
        // one unit of 6 instructions in 8 slots (two 64-bit loads), ending at the exit: every budget below 6 ends
        // the run inside it, after exactly that many instructions, at the slot of the first instruction not run
        Vm vm = vm(movImm(0, 1), lddw(1, 0x1_0000_0002L), aluReg(Op.ADD64_REG, 0, 1), lddw(2, -3L),
                aluReg(Op.ADD64_REG, 0, 2), exit());
        int[] slotOfInstruction = {0, 1, 3, 4, 6, 7};
        for (int budget = 1; budget < 6; budget++) {
            for (int repeat = 0; repeat < 2; repeat++) { // the second time with the translation made the first time
                Outcome cut = vm.run(Memory.empty(), 0, 0, budget);
                assertEquals(budget, cut.instructions(), "budget " + budget);
                assertEquals(slotOfInstruction[budget], fault(Fault.BudgetExhausted.class, cut).pc(), "budget " + budget);
            }
        }
        Outcome ok = vm.run(Memory.empty(), 0, 0, 6);
        assertR0(1 + 0x1_0000_0002L - 3, ok);
        assertEquals(6, ok.instructions());
    }

    @Test
    void aFaultInsideAPartialUnitCountsTheInstructionsBeforeIt() {
        // lddw, then a load from address 0 that faults: with a budget that ends after the load, the fault is
        // reported from the partial unit, counting the lddw once and the load
        Outcome o = runBudget(4, lddw(1, 0), i(Op.LDXB, 0, 1, 0, 0), movImm(0, 1), movImm(0, 2), exit());
        assertEquals(2, o.instructions());
        assertEquals(2, fault(Fault.OutOfBounds.class, o).pc());
    }

    private static Outcome runBudget(long budget, Instruction[]... parts) {
        return vm(parts).run(Memory.empty(), 0, 0, budget);
    }
}
