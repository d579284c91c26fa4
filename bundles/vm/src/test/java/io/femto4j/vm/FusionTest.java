package io.femto4j.vm;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Superinstructions (pairs) must be invisible: same results, same counts, jumps into their second half work. */
class FusionTest {

    @Test
    void jumpIntoTheSecondHalfOfAPair() {
        // 0: ja +1 -> 2;  1: mov r0, 5 (pair first half with 2);  2: add r0, 3;  3: exit
        Outcome o = run(i(Op.JA, 0, 0, 1, 0), movImm(0, 5), aluImm(Op.ADD64_IMM, 0, 3), exit());
        assertR0(3, o);
        assertEquals(3, o.instructions());
        // falling through runs both halves
        assertR0(8, run(movImm(0, 5), aluImm(Op.ADD64_IMM, 0, 3), exit()));
    }

    @Test
    void pairEndingInAJumpChargesTheNextUnit() {
        // r0 = 0; loop: r0 += 1 ; r1 = r0 (pair) ; if r1 != 5 goto loop (pair with the mov) ; exit
        Outcome o = run(movImm(0, 0), aluImm(Op.ADD64_IMM, 0, 1), aluReg(Op.MOV64_REG, 1, 0),
                i(Op.JNE64_IMM, 1, 0, -3, 5), exit());
        assertR0(5, o);
        assertEquals(1 + 5 * 3 + 1, o.instructions());
    }

    @Test
    void budgetRunningOutInsideAPairStopsBetweenItsHalves() {
        Vm vm = vm(movImm(0, 5), aluImm(Op.ADD64_IMM, 0, 3), aluImm(Op.ADD64_IMM, 0, 1), exit());
        for (int budget = 1; budget <= 3; budget++) {
            Outcome o = vm.run(Memory.empty(), 0, 0, budget);
            Fault.BudgetExhausted f = fault(Fault.BudgetExhausted.class, o);
            assertEquals(budget, f.pc());
            assertEquals(budget, o.instructions());
        }
        assertR0(9, vm.run(Memory.empty(), 0, 0, 4));
    }

    @Test
    void everyPairableCombinationMatchesUnfusedSemantics() {
        // each first half followed by each second half, on registers with awkward values; compare with the same
        // two instructions kept apart by an instruction that never pairs (neg r5), so both run unfused
        Op[] simple = {Op.ADD64_IMM, Op.AND64_IMM, Op.LSH64_IMM, Op.RSH64_IMM, Op.MOV64_IMM, Op.ADD64_REG,
                Op.SUB64_REG, Op.MOV64_REG, Op.ADD32_IMM, Op.ADD32_REG, Op.MOV32_REG, Op.SUB64_IMM, Op.MUL64_REG};
        for (Op a : simple) {
            for (Op b : simple) {
                io.femto4j.isa.Instruction[] ia = a.form() == io.femto4j.isa.Form.ALU_IMM ? aluImm(a, 0, 7) : aluReg(a, 0, 1);
                io.femto4j.isa.Instruction[] ib = b.form() == io.femto4j.isa.Form.ALU_IMM ? aluImm(b, 1, -3) : aluReg(b, 1, 0);
                long fusedR0 = r0(run(lddw(0, 0xfedc_ba98_7654_3210L), lddw(1, 0x8000_0000_0000_0007L), ia, ib,
                        aluReg(Op.XOR64_REG, 0, 1), exit()));
                long plainR0 = r0(run(lddw(0, 0xfedc_ba98_7654_3210L), lddw(1, 0x8000_0000_0000_0007L), ia,
                        i(Op.NEG64, 5, 0, 0, 0), ib, aluReg(Op.XOR64_REG, 0, 1), exit()));
                assertEquals(plainR0, fusedR0, a + " then " + b);
            }
        }
    }

    @Test
    void loadPairsRefillTheWindowAndFaultAtTheLoad() {
        byte[] mem = {1, 2, 3, 4, 5, 6, 7, 8};
        // ldxh r0, [r1+2] then add r0, 1 (a load pair): first access misses the window, is refilled and re-run
        assertR0(0x0403 + 1, runWith(mem.clone(), i(Op.LDXH, 0, 1, 2, 0), aluImm(Op.ADD64_IMM, 0, 1), exit()));
        assertR0(0x0807060504030201L + 1, runWith(mem.clone(), i(Op.LDXDW, 0, 1, 0, 0), aluImm(Op.ADD64_IMM, 0, 1), exit()));
        assertR0(0x08 + 1, runWith(mem.clone(), i(Op.LDXB, 0, 1, 7, 0), aluImm(Op.ADD64_IMM, 0, 1), exit()));
        assertR0(0x08070605L + 1, runWith(mem.clone(), i(Op.LDXW, 0, 1, 4, 0), aluImm(Op.ADD64_IMM, 0, 1), exit()));
        // out of bounds: the fault is the load's, the add did not run, counts include the load only
        Outcome o = runWith(mem.clone(), movImm(0, 9), i(Op.LDXW, 0, 1, 6, 0), aluImm(Op.ADD64_IMM, 0, 1), exit());
        Fault.OutOfBounds f = fault(Fault.OutOfBounds.class, o);
        assertEquals(1, f.pc());
        assertEquals(2, o.instructions());
        // through a stack pointer
        assertR0(7, run(i(Op.STDW, 10, 0, -8, 6), aluReg(Op.MOV64_REG, 1, 10), aluImm(Op.ADD64_IMM, 1, -8),
                i(Op.LDXDW, 0, 1, 0, 0), aluImm(Op.ADD64_IMM, 0, 1), exit()));
    }
}
