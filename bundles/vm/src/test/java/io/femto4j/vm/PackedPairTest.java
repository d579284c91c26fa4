package io.femto4j.vm;

import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packed pairs (two instructions in one word, see Translator.pack) must be invisible: each gives what its two
 * instructions give run apart, for every way their registers can coincide, and budgets and jumps into the second
 * slot behave as for any other instruction.
 */
class PackedPairTest {

    /** The packed pairs without a jump, as (first op, second op). */
    private static final Op[][] ALU_PAIRS = {
            {Op.ADD64_IMM, Op.MOV32_REG}, {Op.ADD32_REG, Op.ADD64_IMM}, {Op.ADD32_REG, Op.MOV32_REG},
            {Op.MOV64_REG, Op.ADD64_IMM}, {Op.MOV32_IMM, Op.MOV32_REG}, {Op.ARSH32_IMM, Op.ADD32_REG},
            {Op.LSH32_IMM, Op.ARSH32_IMM}};

    private static final long[] VALUES = {0xfedc_ba98_7654_3210L, 0x8000_0000_0000_0007L, 0x7fff_ffffL, -1};
    private static final int[] IMMEDIATES = {0, 1, 16, 31, -5, 0x7fff_ffff};

    @Test
    void everyPackedPairGivesWhatItsInstructionsGiveApart() {
        int compared = 0;
        for (Op[] pair : ALU_PAIRS) {
            for (int[] regs : registerPatterns()) {
                for (int imm : IMMEDIATES) {
                    Instruction[] first = instruction(pair[0], regs[0], regs[1], imm);
                    Instruction[] second = instruction(pair[1], regs[2], regs[3], imm ^ 3);
                    long fused = result(first, null, second);
                    long apart = result(first, i(Op.NEG64, 5, 0, 0, 0), second); // neg never pairs
                    assertEquals(apart, fused, () -> pair[0] + " r" + regs[0] + ", r" + regs[1] + " then " + pair[1]
                            + " r" + regs[2] + ", r" + regs[3] + ", imm " + imm);
                    compared++;
                }
            }
        }
        assertEquals(ALU_PAIRS.length * 81 * IMMEDIATES.length, compared);
    }

    /** Every assignment of r1..r3 to dst1, src1, dst2, src2: all the ways they can coincide. */
    private static List<int[]> registerPatterns() {
        List<int[]> patterns = new ArrayList<>();
        for (int k = 0; k < 81; k++) {
            patterns.add(new int[] {1 + k % 3, 1 + k / 3 % 3, 1 + k / 9 % 3, 1 + k / 27 % 3});
        }
        return patterns;
    }

    private static Instruction[] instruction(Op op, int dst, int src, int imm) {
        return op.form() == Form.ALU_IMM ? aluImm(op, dst, imm) : aluReg(op, dst, src);
    }

    /** r1..r3 set to awkward values, then the instructions, then r0 = a mix of r1..r3 (so every one counts). */
    private static long result(Instruction[] first, Instruction[] between, Instruction[] second) {
        List<Instruction[]> code = new ArrayList<>(List.of(lddw(1, VALUES[0]), lddw(2, VALUES[1]), lddw(3, VALUES[2]),
                first));
        if (between != null) {
            code.add(between);
        }
        code.addAll(List.of(second, aluReg(Op.MOV64_REG, 0, 1), aluImm(Op.MUL64_IMM, 0, 31), aluReg(Op.ADD64_REG, 0, 2),
                aluImm(Op.MUL64_IMM, 0, 31), aluReg(Op.XOR64_REG, 0, 3), exit()));
        return r0(run(code.toArray(Instruction[][]::new)));
    }

    @Test
    void theTranslatorPacksThesePairsAndOnlyTheSignExtensionOfOneRegister() {
        for (Op[] pair : ALU_PAIRS) {
            Translator t = translate(instruction(pair[0], 1, 2, 16), instruction(pair[1], 1, 3, 16), exit());
            assertEquals(Translator.pack(t.code[0], t.code[1]), t.fused[0], pair[0] + " then " + pair[1]);
            assertTrue(Ops.op(t.fused[0]) >= Ops.ADDI_MOV32R, pair[0] + " then " + pair[1] + " is a packed op");
        }
        Translator jump = translate(aluReg(Op.MOV32_REG, 5, 6), i(Op.JLT64_REG, 6, 4, -2, 0), exit());
        assertEquals(Ops.MOV32R_JLTR, Ops.op(jump.fused[0]));
        // lsh32 r1 then arsh32 r2 is no sign extension: not packed (its handler keeps one register between the two)
        Translator shifts = translate(aluImm(Op.LSH32_IMM, 1, 16), aluImm(Op.ARSH32_IMM, 2, 16), exit());
        assertEquals(0, Translator.pack(shifts.code[0], shifts.code[1]));
        assertEquals(shifts.code[0], shifts.fused[0]);
        Translator unpacked = translate(aluImm(Op.ADD64_IMM, 1, 1), aluReg(Op.MUL64_REG, 1, 2), exit());
        assertEquals(0, Translator.pack(unpacked.code[0], unpacked.code[1]));
    }

    @Test
    void mov32ThenJltFollowsTheRfcAndChargesTheUnitItLeadsTo() {
        // r6 counts up to r4 = 3: 0 mov r4, 3; 1 neg r0; 2 add r6, 1; 3 neg r0; 4 mov32 r5, r6 / 5 jlt r6, r4, -4
        // (packed; back to 2); 6 exit. Slots executed: 0 1 2 3 4 5, then 2 3 4 5 twice, then 6.
        int[] order = {0, 1, 2, 3, 4, 5, 2, 3, 4, 5, 2, 3, 4, 5, 6};
        Vm vm = vm(movImm(4, 3), i(Op.NEG64, 0, 0, 0, 0), aluImm(Op.ADD64_IMM, 6, 1), i(Op.NEG64, 0, 0, 0, 0),
                aluReg(Op.MOV32_REG, 5, 6), i(Op.JLT64_REG, 6, 4, -4, 0), aluReg(Op.MOV64_REG, 0, 5), exit());
        for (int budget = 1; budget < order.length; budget++) {
            Outcome o = vm.run(Memory.empty(), 0, 0, budget);
            assertEquals(order[budget], fault(Fault.BudgetExhausted.class, o).pc(), "budget " + budget);
            assertEquals(budget, o.instructions());
        }
        Outcome done = vm.run(Memory.empty(), 0, 0, order.length + 1);
        assertR0(3, done);
        assertEquals(order.length + 1, done.instructions());
        // unsigned: r6 = -1 is not below 3, so the jump is not taken and the loop runs once
        Outcome negative = run(movImm(4, 3), movImm(6, -2), aluImm(Op.ADD64_IMM, 6, 1), i(Op.NEG64, 0, 0, 0, 0),
                aluReg(Op.MOV32_REG, 5, 6), i(Op.JLT64_REG, 6, 4, -4, 0), aluReg(Op.MOV64_REG, 0, 5), exit());
        assertR0(0xffff_ffffL, negative);
    }

    @Test
    void aJumpIntoTheSecondSlotRunsOnlyTheSecondInstruction() {
        // 0 ja +1 -> 2; 1 mov r1, r2 / 2 add r1, 5 (packed); 3 mov r0, r1; 4 exit
        Outcome o = run(movImm(1, 10), movImm(2, 100), i(Op.JA, 0, 0, 1, 0), aluReg(Op.MOV64_REG, 1, 2),
                aluImm(Op.ADD64_IMM, 1, 5), aluReg(Op.MOV64_REG, 0, 1), exit());
        assertR0(15, o);
        assertEquals(6, o.instructions());
    }
}
