package io.femto4j.verifier;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;

import java.util.ArrayList;
import java.util.List;

/**
 * A tiny builder for test programs over {@link Instruction} records (the real assembler is being written
 * elsewhere). Each method returns one slot, or two for the wide loads; {@link #program} flattens them.
 */
final class Asm {
    private Asm() {
    }

    static Instruction insn(Op op, int dst, int src, int offset, int imm) {
        return new Instruction(op, dst, src, offset, imm);
    }

    static Instruction mov(int dst, int imm) {
        return insn(Op.MOV64_IMM, dst, 0, 0, imm);
    }

    static Instruction movReg(int dst, int src) {
        return insn(Op.MOV64_REG, dst, src, 0, 0);
    }

    static Instruction add(int dst, int imm) {
        return insn(Op.ADD64_IMM, dst, 0, 0, imm);
    }

    static Instruction exit() {
        return insn(Op.EXIT, 0, 0, 0, 0);
    }

    static Instruction ja(int offset) {
        return insn(Op.JA, 0, 0, offset, 0);
    }

    static Instruction ja32(int imm) {
        return insn(Op.JA32, 0, 0, 0, imm);
    }

    static Instruction jeq(int dst, int imm, int offset) {
        return insn(Op.JEQ64_IMM, dst, 0, offset, imm);
    }

    static Instruction call(int helper) {
        return insn(Op.CALL, 0, 0, 0, helper);
    }

    static Instruction callLocal(int imm) {
        return insn(Op.CALL_LOCAL, 0, 1, 0, imm);
    }

    static Instruction callx(int register) {
        return insn(Op.CALLX, register, 0, 0, 0);
    }

    static Instruction[] lddw(int dst, long value) {
        return wide(Op.LDDW, dst, value);
    }

    static Instruction[] wide(Op op, int dst, long value) {
        return new Instruction[] {insn(op, dst, 0, 0, (int) value), insn(Op.WIDE_HI, 0, 0, 0, (int) (value >>> 32))};
    }

    /** Memory access {@code op} with the given fields (loads: dst, [src+off]; stores: [dst+off], src/imm). */
    static Instruction mem(Op op, int dst, int src, int offset, int imm) {
        return insn(op, dst, src, offset, imm);
    }

    /** A program of the given parts, each an {@link Instruction}, an {@code Instruction[]} or a list of them. */
    static Program program(Object... parts) {
        List<Instruction> slots = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Instruction i) {
                slots.add(i);
            } else if (part instanceof Instruction[] array) {
                slots.addAll(List.of(array));
            } else if (part instanceof List<?> list) {
                for (Object o : list) {
                    slots.add((Instruction) o);
                }
            } else {
                throw new IllegalArgumentException("not an instruction: " + part);
            }
        }
        return Program.of(slots);
    }

    /** Bytes from 16-hex-digit words as the conformance data writes them (little-endian byte order). */
    static byte[] hex(String... words) {
        byte[] out = new byte[words.length * 8];
        for (int w = 0; w < words.length; w++) {
            if (words[w].length() != 16) {
                throw new IllegalArgumentException("a slot is 16 hex digits: " + words[w]);
            }
            for (int b = 0; b < 8; b++) {
                out[w * 8 + b] = (byte) Integer.parseInt(words[w].substring(2 * b, 2 * b + 2), 16);
            }
        }
        return out;
    }
}
