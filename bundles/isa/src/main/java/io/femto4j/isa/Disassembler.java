package io.femto4j.isa;

/**
 * Prints instructions in the syntax {@link Assembler} reads. Jump targets are printed as {@code +N}/{@code -N}
 * (the distance from the next instruction), which is exact for every offset, including targets outside the
 * program. Immediates within ±65535 are printed in decimal, larger ones as a hex bit pattern.
 *
 * <p>Round trip: for every program the strict {@link Decoder} accepts, assembling the disassembly gives the same
 * bytes. A leniently decoded program may carry non-zero values in fields its operations do not use; the syntax
 * has no place for them, so they are lost.
 */
public final class Disassembler {
    /** Immediates whose magnitude is below this read better in decimal; larger ones are usually masks. */
    private static final int DECIMAL_LIMIT = 65536;

    private Disassembler() {
    }

    /** The whole program, one instruction per line; a two-slot load is one line. */
    public static String disassemble(Program program) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < program.size(); i++) {
            if (program.get(i).op() != Op.WIDE_HI) {
                out.append(format(program, i)).append('\n');
            }
        }
        return out.toString();
    }

    /** The instruction at slot {@code index}, with the 64-bit immediate of a two-slot load taken from both slots. */
    public static String format(Program program, int index) {
        Instruction insn = program.get(index);
        return format(insn, insn.op().isWide() ? program.imm64(index) : 0);
    }

    /**
     * One instruction. {@code imm64} is the full immediate when {@code insn} is the first slot of a two-slot load,
     * and ignored otherwise. The second slot ({@link Op#WIDE_HI}) has no syntax of its own; it is described for
     * display, in a form the assembler does not read.
     */
    public static String format(Instruction insn, long imm64) {
        Op op = insn.op();
        // the suite writes a call through a register as "call %rX"
        String name = op == Op.CALLX ? "call" : op.mnemonic();
        return switch (op.form()) {
            case ALU_IMM, ALU_IMM_BY_OFFSET -> name + " " + reg(insn.dst()) + ", " + imm32(insn.imm());
            case ALU_REG, ALU_REG_BY_OFFSET -> name + " " + reg(insn.dst()) + ", " + reg(insn.src());
            case UNARY, ENDIAN, CALLX -> name + " " + reg(insn.dst());
            case JA -> name + " " + target(insn.offset());
            case JA32, CALL_LOCAL -> name + " " + target(insn.imm());
            case JUMP_IMM -> name + " " + reg(insn.dst()) + ", " + imm32(insn.imm()) + ", " + target(insn.offset());
            case JUMP_REG -> name + " " + reg(insn.dst()) + ", " + reg(insn.src()) + ", " + target(insn.offset());
            case CALL_HELPER -> name + " " + insn.imm();
            case EXIT -> name;
            case LOAD -> name + " " + reg(insn.dst()) + ", " + mem(insn.src(), insn.offset());
            case STORE_IMM -> name + " " + mem(insn.dst(), insn.offset()) + ", " + imm32(insn.imm());
            case STORE_REG, ATOMIC -> name + " " + mem(insn.dst(), insn.offset()) + ", " + reg(insn.src());
            case WIDE -> name + " " + reg(insn.dst()) + ", " + imm64(imm64);
            case WIDE_HI -> name + " 0x" + Integer.toHexString(insn.imm());
        };
    }

    private static String reg(int reg) {
        return "%r" + reg;
    }

    private static String mem(int base, int offset) {
        if (offset == 0) {
            return "[" + reg(base) + "]";
        }
        return "[" + reg(base) + (offset > 0 ? "+" : "") + offset + "]";
    }

    private static String target(int distance) {
        return (distance >= 0 ? "+" : "") + distance;
    }

    /** A 32-bit immediate; hex is its bit pattern, which the assembler reads back as the same field. */
    private static String imm32(int value) {
        return value > -DECIMAL_LIMIT && value < DECIMAL_LIMIT ? Integer.toString(value) : "0x" + Integer.toHexString(value);
    }

    /** A 64-bit immediate of a two-slot load. */
    private static String imm64(long value) {
        return value > -DECIMAL_LIMIT && value < DECIMAL_LIMIT ? Long.toString(value) : "0x" + Long.toHexString(value);
    }
}
