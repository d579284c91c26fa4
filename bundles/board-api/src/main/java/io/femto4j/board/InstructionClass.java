package io.femto4j.board;

import io.femto4j.isa.Form;
import io.femto4j.isa.Op;

/**
 * The instruction classes a board's {@link CostModel} prices. They follow the instructions the Femto-Containers
 * paper timed on a Cortex-M4 (add, add-imm, mul-imm, shift-imm, div-imm, ldxdw, stdw, stxdw, ja, jeq); every
 * other eBPF instruction is put in the class of the timed instruction it resembles most.
 */
public enum InstructionClass {
    /** Register-register ALU (add, sub, and, or, xor, mov, neg, sign extension, byte swaps): timed as add. */
    ALU_REG,
    /** ALU with an immediate (add, sub, and, or, xor, mov): timed as add-imm. */
    ALU_IMM,
    /** Multiplication, immediate or register: timed as mul-imm. */
    MUL,
    /** Shifts (lsh, rsh, arsh), immediate or register: timed as shift-imm. */
    SHIFT,
    /** Division and modulo, signed or not: timed as div-imm. */
    DIV,
    /** Loads of every width: timed as ldxdw. */
    LOAD,
    /** Stores of an immediate: timed as stdw. */
    STORE_IMM,
    /** Stores of a register: timed as stxdw. */
    STORE_REG,
    /** Atomic read-modify-write: not timed; priced as a load plus a register store. */
    ATOMIC,
    /** The two-slot 64-bit immediate loads (lddw and the .data/.rodata forms): not timed; priced as two add-imm. */
    WIDE,
    /** Unconditional jumps: timed as ja. */
    JUMP,
    /** Conditional jumps: timed as jeq; taken or not is unknown to a static estimate, so the mean of the two. */
    BRANCH,
    /** Helper, local and indirect calls: priced as ja for the dispatch; the helper's own work is not modelled. */
    CALL,
    /** Exit: priced as ja. */
    EXIT;

    /** The class of {@code op}; null for the second slot of a wide instruction, which is not executed alone. */
    public static InstructionClass of(Op op) {
        switch (op.form()) {
            case WIDE_HI:
                return null;
            case WIDE:
                return WIDE;
            case JA:
            case JA32:
                return JUMP;
            case JUMP_IMM:
            case JUMP_REG:
                return BRANCH;
            case CALL_HELPER:
            case CALL_LOCAL:
            case CALLX:
                return CALL;
            case EXIT:
                return EXIT;
            case LOAD:
                return LOAD;
            case STORE_IMM:
                return STORE_IMM;
            case STORE_REG:
                return STORE_REG;
            case ATOMIC:
                return ATOMIC;
            default:
                return aluClass(op);
        }
    }

    private static InstructionClass aluClass(Op op) {
        switch (op.opcode() & 0xf0) {
            case 0x20:
                return MUL;
            case 0x30:
            case 0x90:
                return DIV;
            case 0x60:
            case 0x70:
            case 0xc0:
                return SHIFT;
            default:
                // unary, endian and sign-extending moves have no immediate operand: they cost a register op
                return op.form() == Form.ALU_IMM ? ALU_IMM : ALU_REG;
        }
    }
}
