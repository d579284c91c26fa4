package io.femto4j.vm;

import io.femto4j.isa.Instruction;
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
                Op.SUB64_REG, Op.MOV64_REG, Op.ADD32_IMM, Op.ADD32_REG, Op.MOV32_REG, Op.MOV32_IMM, Op.SUB64_IMM,
                Op.MUL64_REG};
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
    /** The conditional jumps a pair can end with (see Ops.pairableJump), each as the jump of a fused pair. */
    private static final Op[] PAIRED_JUMPS = {Op.JEQ64_IMM, Op.JNE64_IMM, Op.JGT64_IMM, Op.JLT64_IMM, Op.JSGT64_IMM,
            Op.JSLT64_IMM, Op.JEQ64_REG, Op.JNE64_REG, Op.JGT64_REG, Op.JLT64_REG, Op.JGT32_IMM, Op.JSGT32_IMM,
            Op.JSLT32_IMM};

    @Test
    void thePairsUnderTestAreFused() {
        // mov32 r1, 7 then each paired jump, and the ALU pairs of the new forms: the translator must fuse them, or
        // the tests below would exercise the unfused path only.
        for (Op j : PAIRED_JUMPS) {
            Instruction[] jump = j.form() == io.femto4j.isa.Form.JUMP_REG ? i(j, 1, 2, 1, 0) : i(j, 1, 0, 1, 5);
            Translator t = translate(aluImm(Op.MOV32_IMM, 1, 7), jump, exit(), exit());
            assertEquals(Ops.PAIR, Ops.op(t.fused[0]), j.toString());
            assertEquals(t.code[1], t.fused[1], "the second slot keeps its own word");
        }
    }

    @Test
    void everyPairedJumpFollowsTheRfcFusedOrNot() {
        // r1 gets values on both sides of the comparand (5, or r2 = 5) and across the sign and 32-bit boundaries;
        // the jump is the second half of a pair with "mov r3, 1", or kept apart from it by neg r5 (never paired).
        long[] values = {0, 4, 5, 6, -1, -6, 0x1_0000_0004L, 0x1_0000_0006L, 0xffff_ffffL, 0x8000_0000L, Long.MIN_VALUE};
        for (Op j : PAIRED_JUMPS) {
            for (long v : values) {
                Instruction[] jump = j.form() == io.femto4j.isa.Form.JUMP_REG ? i(j, 1, 2, 2, 0) : i(j, 1, 0, 2, 5);
                // r0 = 1 if the jump was taken, 2 if not; r3 shows the pair's first half ran
                Instruction[][] head = {lddw(1, v), movImm(2, 5), movImm(0, 2)};
                Instruction[][] tail = {exit(), movImm(0, 1), aluReg(Op.ADD64_REG, 0, 3), exit()};
                Outcome fused = run(concat(head, new Instruction[][] {movImm(3, 10), jump,
                        aluReg(Op.ADD64_REG, 0, 3)}, tail));
                Outcome plain = run(concat(head, new Instruction[][] {movImm(3, 10), i(Op.NEG64, 5, 0, 0, 0), jump,
                        aluReg(Op.ADD64_REG, 0, 3)}, tail));
                // The standalone jump runs in the same hot loop, so both are also checked against the RFC's rule.
                long expected = taken(j, v, 5) ? 11 : 12;
                assertR0(expected, fused);
                assertR0(expected, plain);
                assertEquals(plain.instructions() - 1, fused.instructions(), j + " with r1 = " + v);
            }
        }
    }

    /** RFC 9669's condition of jump {@code j} for dst {@code a} and src or imm {@code b} (as sign-extended). */
    private static boolean taken(Op j, long a, long b) {
        switch (j) {
            case JEQ64_IMM: case JEQ64_REG: return a == b;
            case JNE64_IMM: case JNE64_REG: return a != b;
            case JGT64_IMM: case JGT64_REG: return Long.compareUnsigned(a, b) > 0;
            case JLT64_IMM: case JLT64_REG: return Long.compareUnsigned(a, b) < 0;
            case JSGT64_IMM: return a > b;
            case JSLT64_IMM: return a < b;
            case JGT32_IMM: return Integer.compareUnsigned((int) a, (int) b) > 0;
            case JSGT32_IMM: return (int) a > (int) b;
            case JSLT32_IMM: return (int) a < (int) b;
            default: throw new AssertionError(j);
        }
    }

    private static Instruction[][] concat(Instruction[][]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(Instruction[][]::new);
    }

    @Test
    void budgetRunningOutAroundAPairThatEndsALoopStopsAtTheExactInstruction() {
        // 0: neg r0 (never paired; r0 stays 0)   1: alu r0, step / 2: jump r0, limit, -2 (a pair: the loop's back
        // edge)   3: exit. Slots executed: 0, 1, 2, 1, 2, 1, 2, 3. Every budget short of 8 stops before the next one.
        int[] order = {0, 1, 2, 1, 2, 1, 2, 3};
        Object[][] loops = {
                {Op.ADD32_IMM, 1, Op.JSLT32_IMM, 3, 3L},
                {Op.ADD64_IMM, 1, Op.JLT64_IMM, 3, 3L},
                {Op.ADD32_IMM, -1, Op.JGT32_IMM, -3, 0xffff_fffdL}, // unsigned 32-bit: 0xffffffff, 0xfffffffe, stop
                {Op.ADD64_IMM, -1, Op.JSGT64_IMM, -3, -3L},
        };
        for (Object[] loop : loops) {
            Op alu = (Op) loop[0];
            Op jump = (Op) loop[2];
            Vm vm = vm(i(Op.NEG64, 0, 0, 0, 0), aluImm(alu, 0, (int) loop[1]), i(jump, 0, 0, -2, (int) loop[3]), exit());
            for (int budget = 1; budget < order.length; budget++) {
                Outcome o = vm.run(Memory.empty(), 0, 0, budget);
                assertEquals(order[budget], fault(Fault.BudgetExhausted.class, o).pc(), jump + ", budget " + budget);
                assertEquals(budget, o.instructions());
            }
            Outcome done = vm.run(Memory.empty(), 0, 0, order.length);
            assertR0((long) loop[4], done);
            assertEquals(order.length, done.instructions());
        }
        // the register form, jlt r0, r2 with r2 = 3, one slot later
        int[] later = {0, 1, 2, 3, 2, 3, 2, 3, 4};
        Vm vm = vm(movImm(2, 3), i(Op.NEG64, 0, 0, 0, 0), aluImm(Op.ADD64_IMM, 0, 1), i(Op.JLT64_REG, 0, 2, -2, 0),
                exit());
        for (int budget = 1; budget < later.length; budget++) {
            Outcome o = vm.run(Memory.empty(), 0, 0, budget);
            assertEquals(later[budget], fault(Fault.BudgetExhausted.class, o).pc(), "jlt reg, budget " + budget);
            assertEquals(budget, o.instructions());
        }
        assertR0(3, vm.run(Memory.empty(), 0, 0, later.length));
    }

    @Test
    void pairsInterleaveWithOtherInstructions() {
        // a pair, a mul and a store (main loop), pairs again, a loop whose back edge is a pair (mov32 imm before
        // it), then a load pair: results and counts as written
        byte[] mem = new byte[8];
        Outcome o = runWith(mem, movImm(0, 2), aluImm(Op.ADD64_IMM, 0, 3), aluImm(Op.MUL64_IMM, 0, 5),
                i(Op.STXDW, 1, 0, 0, 0), aluImm(Op.ADD64_IMM, 0, 1), aluImm(Op.MOV32_IMM, 6, 0),
                aluImm(Op.ADD32_IMM, 6, 1), i(Op.JSLT32_IMM, 6, 0, -2, 4), aluReg(Op.ADD64_REG, 0, 6),
                i(Op.LDXDW, 7, 1, 0, 0), aluReg(Op.ADD64_REG, 0, 7), exit());
        assertR0((2 + 3) * 5 + 1 + 4 + 25, o);
        assertEquals(6 + 4 * 2 + 4, o.instructions());
    }
}
