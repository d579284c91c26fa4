package io.femto4j.board;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Estimated time of one executed eBPF instruction on a board, per {@link InstructionClass}, in microseconds.
 * These are estimates for reporting, not a simulation of the board's pipeline or memory.
 *
 * @param basis               where the numbers come from, for people (measured, or how they were scaled)
 * @param microsPerInstruction one entry per class
 */
public record CostModel(String basis, Map<InstructionClass, Double> microsPerInstruction) {

    /** The clock of every board in the paper's measurements. */
    public static final long PAPER_CLOCK_HZ = 64_000_000L;

    public CostModel {
        Objects.requireNonNull(basis, "basis");
        EnumMap<InstructionClass, Double> copy = new EnumMap<>(InstructionClass.class);
        copy.putAll(microsPerInstruction);
        for (InstructionClass c : InstructionClass.values()) {
            Double v = copy.get(c);
            if (v == null || !(v >= 0) || v.isInfinite()) {
                throw new IllegalArgumentException("cost model '" + basis + "' has no valid cost for " + c);
            }
        }
        microsPerInstruction = Map.copyOf(copy);
    }

    /** Microseconds of one instruction of {@code c}. */
    public double micros(InstructionClass c) {
        return microsPerInstruction.get(c);
    }

    /**
     * The Femto-Containers paper's times per instruction of its rBPF interpreter on an nRF52840 (Cortex-M4 at
     * 64 MHz): add 0.446, add-imm 0.524, mul-imm 0.570, shift-imm 0.602, div-imm 2.09, ldxdw 1.20, stdw 1.04,
     * stxdw 1.18, ja 0.446, jeq taken 0.727 / not taken 0.508. Classes the paper did not time are priced as
     * {@link InstructionClass} documents.
     */
    public static CostModel cortexM4() {
        Map<InstructionClass, Double> m = new EnumMap<>(InstructionClass.class);
        m.put(InstructionClass.ALU_REG, 0.446);
        m.put(InstructionClass.ALU_IMM, 0.524);
        m.put(InstructionClass.MUL, 0.570);
        m.put(InstructionClass.SHIFT, 0.602);
        m.put(InstructionClass.DIV, 2.09);
        m.put(InstructionClass.LOAD, 1.20);
        m.put(InstructionClass.STORE_IMM, 1.04);
        m.put(InstructionClass.STORE_REG, 1.18);
        m.put(InstructionClass.ATOMIC, 1.20 + 1.18);
        m.put(InstructionClass.WIDE, 2 * 0.524);
        m.put(InstructionClass.JUMP, 0.446);
        m.put(InstructionClass.BRANCH, (0.727 + 0.508) / 2);
        m.put(InstructionClass.CALL, 0.446);
        m.put(InstructionClass.EXIT, 0.446);
        return new CostModel("measured on nRF52840, Cortex-M4 @ 64 MHz (Femto-Containers paper, Middleware 2022)", m);
    }

    /**
     * An estimate for a board the paper did not time per instruction: the Cortex-M4 costs times
     * {@code cyclesRatio} (cycles this board's interpreter needs for the same work as the Cortex-M4, measured at
     * the same clock) times {@code 64 MHz / clockHz} (a faster clock runs the same cycles sooner).
     *
     * @param why where {@code cyclesRatio} comes from
     */
    public static CostModel relativeToCortexM4(double cyclesRatio, long clockHz, String why) {
        double factor = cyclesRatio * PAPER_CLOCK_HZ / clockHz;
        return cortexM4().scaled(factor, String.format(java.util.Locale.ROOT,
                "estimate: Cortex-M4 costs x %.3f (%s) x 64 MHz / %d MHz", cyclesRatio, why, clockHz / 1_000_000));
    }

    /** Every cost multiplied by {@code factor}, with a new basis saying how. */
    public CostModel scaled(double factor, String newBasis) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("scale factor must be positive: " + factor);
        }
        Map<InstructionClass, Double> m = new EnumMap<>(InstructionClass.class);
        microsPerInstruction.forEach((c, v) -> m.put(c, v * factor));
        return new CostModel(newBasis, m);
    }

    /** The same cost for every class. */
    public static CostModel flat(double micros, String basis) {
        Map<InstructionClass, Double> m = new EnumMap<>(InstructionClass.class);
        for (InstructionClass c : InstructionClass.values()) {
            m.put(c, micros);
        }
        return new CostModel(basis, m);
    }

    /** The mean over classes, each counted once: the estimate when a program's mix is unknown. */
    public double meanMicros() {
        return microsPerInstruction.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
