package io.femto4j.board;

import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Program;

import java.util.EnumMap;
import java.util.Map;

/**
 * The static instruction-class mix of a program, for estimating its time on a board from the only thing the VM
 * reports, the number of instructions a run executed.
 *
 * <p>Each instruction slot is weighted by {@link #LOOP_WEIGHT}<sup>d</sup>, where d is how many loops (ranges from
 * a backward jump's target to the jump) contain it, at most {@link #MAX_LOOP_DEPTH}. A plain static count lets
 * set-up and tear-down code, run once, weigh as much as a loop body run hundreds of times; the weighting makes
 * the mix lean towards the loop bodies, which is where executed instructions come from. It is still an estimate:
 * trip counts, and taken versus not-taken branches, are unknown.
 *
 * @param weights weighted slot counts per class (classes absent from the program are absent)
 */
public record InstructionMix(Map<InstructionClass, Double> weights) {
    public static final double LOOP_WEIGHT = 10;
    public static final int MAX_LOOP_DEPTH = 3;

    public InstructionMix {
        weights = Map.copyOf(weights);
    }

    public static InstructionMix of(Program program) {
        int n = program.size();
        int[] depth = new int[n];
        for (int i = 0; i < n; i++) {
            Instruction insn = program.get(i);
            Form form = insn.op().form();
            int target;
            if (form == Form.JA || form == Form.JUMP_IMM || form == Form.JUMP_REG) {
                target = i + insn.offset() + 1;
            } else if (form == Form.JA32) {
                target = i + insn.imm() + 1;
            } else {
                continue;
            }
            if (target <= i && target >= 0) {
                for (int j = target; j <= i; j++) {
                    depth[j]++;
                }
            }
        }
        Map<InstructionClass, Double> w = new EnumMap<>(InstructionClass.class);
        for (int i = 0; i < n; i++) {
            InstructionClass c = InstructionClass.of(program.get(i).op());
            if (c != null) {
                w.merge(c, Math.pow(LOOP_WEIGHT, Math.min(depth[i], MAX_LOOP_DEPTH)), Double::sum);
            }
        }
        return new InstructionMix(w);
    }

    /** Mean microseconds per executed instruction under {@code costs}: the weighted mean of the class costs. */
    public double meanMicros(CostModel costs) {
        double total = 0;
        double micros = 0;
        for (Map.Entry<InstructionClass, Double> e : weights.entrySet()) {
            total += e.getValue();
            micros += e.getValue() * costs.micros(e.getKey());
        }
        return total == 0 ? costs.meanMicros() : micros / total;
    }
}
