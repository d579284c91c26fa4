package io.femto4j.vm;

import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.VerifiedProgram;

import java.util.ArrayList;
import java.util.List;

import static io.femto4j.vm.Ops.*;

/**
 * Translates a verified program, once, into the interpreter's word form (see {@link Ops}).
 *
 * <p>The interpreter's own safety rests on a few facts: every jump and call lands on a slot of the program that
 * is not the second half of a 64-bit load, nothing writes r10, and execution cannot run past the end. The verifier
 * promises them, but the translator checks them again, per instruction, and turns any violation into an
 * {@link Ops#INVALID} word that faults when (and only if) it is executed. A verifier bug thus costs a clean fault,
 * never an exception out of the VM or a stack access outside the current frame. One extra slot past the end holds
 * such a word, so falling off the end is a fault too.
 */
final class Translator {
    final long[] code;
    /** {@link #code} with adjacent pairs fused into superinstructions: what the interpreter normally runs. */
    final long[] fused;
    final long[] consts;
    final String[] reasons;
    /**
     * Per slot: instructions from it up to and including the first control transfer (jump, local call, exit, or
     * an instruction that always faults) at or after it. The interpreter charges this "unit" against the budget
     * when control transfers to the slot, so straight-line instructions need no accounting of their own.
     */
    final int[] units;
    /** Per slot: instructions in the slots before it (a two-slot load is one instruction). */
    final int[] ordinals;

    /** RFC 9669 atomic operation codes (the imm field). */
    static final int FETCH = 0x01, XCHG = 0xe1, CMPXCHG = 0xf1;

    private final List<Long> constList = new ArrayList<>();
    private final List<String> reasonList = new ArrayList<>();

    Translator(VerifiedProgram verified, HelperTable helpers, boolean[] helperAllowed, Sections sections) {
        Program program = verified.program();
        Policy policy = verified.policy();
        int n = program.size();
        code = new long[n + 1];
        for (int pc = 0; pc < n; pc++) {
            code[pc] = translate(program, pc, policy.frameSize(), helpers, helperAllowed, sections);
        }
        code[n] = invalid("execution ran past the end of the program");
        consts = constList.stream().mapToLong(Long::longValue).toArray();
        reasons = reasonList.toArray(new String[0]);
        units = new int[n + 1];
        for (int pc = n; pc >= 0; pc--) {
            int op = Ops.op(code[pc]);
            if (pc == n || endsUnit(op)) {
                units[pc] = 1;
            } else {
                // A two-slot load's second slot is not an instruction: skip it. (Its own word faults, so it is a
                // unit of one should anything ever jump there.)
                units[pc] = 1 + units[Math.min(n, pc + (op == LDDW ? 2 : 1))];
            }
        }
        fused = fuse(code);
        ordinals = new int[n + 2];
        for (int pc = 0; pc <= n; pc++) {
            boolean secondHalf = pc > 0 && pc < n && program.get(pc).op() == Op.WIDE_HI;
            ordinals[pc + 1] = ordinals[pc] + (secondHalf ? 0 : 1);
        }
    }

    /**
     * Fuses adjacent simple instructions, greedily from the start. Only the first slot of a pair changes, so a jump
     * to the second slot still finds that instruction on its own. Budget accounting is unaffected: it charges units,
     * and a pair never spans one (its first half is never a control transfer).
     */
    static long[] fuse(long[] code) {
        long[] fast = code.clone();
        for (int pc = 0; pc + 1 < code.length; pc++) {
            int first = Ops.op(code[pc]);
            int second = Ops.op(code[pc + 1]);
            long packed = pack(code[pc], code[pc + 1]);
            if (packed != 0) {
                fast[pc] = packed;
                pc++;
                continue;
            }
            boolean load = first >= LDXB && first <= LDXDW;
            if ((load || Ops.pairable(first)) && (Ops.pairable(second) || Ops.pairableJump(second))) {
                long w = code[pc];
                fast[pc] = load ? word(PAIR_LOAD, Ops.dst(w), Ops.src(w), Ops.offset(w), 1 << first - LDXB)
                        : word(PAIR, Ops.dst(w), Ops.src(w), first, w >> 32);
                pc++;
            }
        }
        return fast;
    }

    /**
     * The packed pair of {@code first} and {@code second}, or 0 if they are not one of the packed pairs: both
     * instructions in one word, the second's registers (and offset or shift) in fields the first does not use.
     * The pairs are the commonest adjacent pairs of the clang-compiled examples in sdk/examples that fit one word:
     * the sign extension {@code lsh32 rX, k; arsh32 rX, k} (13 of them), {@code mov rX, rY; add rX, imm} (pointer
     * arithmetic), 32-bit sums, and the three non-load pairs of Fletcher-32's word loop.
     */
    static long pack(long first, long second) {
        int d1 = Ops.dst(first), s1 = Ops.src(first), d2 = Ops.dst(second), s2 = Ops.src(second);
        long imm1 = first >> 32, imm2 = second >> 32;
        int regs2 = d2 | s2 << 4;
        switch (Ops.op(first) << 8 | Ops.op(second)) {
            case ADD_I << 8 | MOV32_R: return word(ADDI_MOV32R, d1, 0, regs2, imm1);
            case ADD32_R << 8 | ADD_I: return word(ADD32R_ADDI, d1, s1, d2, imm2);
            case ADD32_R << 8 | MOV32_R: return word(ADD32R_MOV32R, d1, s1, regs2, 0);
            case MOV_R << 8 | ADD_I: return word(MOVR_ADDI, d1, s1, d2, imm2);
            case MOV32_I << 8 | MOV32_R: return word(MOV32I_MOV32R, d1, 0, regs2, imm1);
            case ARSH32_I << 8 | ADD32_R: return word(ARSH32I_ADD32R, d1, 0, regs2, imm1);
            case MOV32_R << 8 | JLT_R: return word(MOV32R_JLTR, d1, s1, Ops.offset(second), regs2);
            case LSH32_I << 8 | ARSH32_I:
                // one register shifted twice (the idiom), so the handler keeps it in a machine register between
                return d1 == d2 ? word(LSH32I_ARSH32I, d1, 0, (int) imm1 & 31, imm2) : 0;
            default:
                return 0;
        }
    }

    static boolean endsUnit(int op) {
        return op == Ops.JA || op >= JEQ_I && op <= JSLE32_R || op == Ops.CALL_LOCAL || op == Ops.EXIT
                || op == INVALID;
    }

    private long invalid(String reason) {
        reasonList.add(reason);
        return word(INVALID, 0, 0, 0, reasonList.size() - 1);
    }

    private long constant(int dst, long value) {
        constList.add(value);
        return word(LDDW, dst, 0, 0, constList.size() - 1);
    }

    private long translate(Program program, int pc, int frameSize, HelperTable helpers, boolean[] helperAllowed,
                           Sections sections) {
        Instruction insn = program.get(pc);
        Op op = insn.op();
        int d = insn.dst();
        int s = insn.src();
        int off = insn.offset();
        int imm = insn.imm();
        int n = program.size();

        if (op == Op.WIDE_HI) {
            return invalid("jump into the second half of the 64-bit load at " + (pc - 1));
        }
        if (op.writesDst() && d == 10) {
            return invalid(op.mnemonic() + " writes r10, the read-only frame pointer");
        }
        if (op.form() == Form.ATOMIC && s == 10 && (imm & FETCH) != 0 && imm != CMPXCHG) {
            // The fetching atomics and xchg load the old value into src; cmpxchg loads it into r0 instead.
            return invalid(op.mnemonic() + " writes r10, the read-only frame pointer");
        }
        if (op.isJump() || op == Op.CALL_LOCAL) {
            long rel = op.form() == Form.JA32 || op == Op.CALL_LOCAL ? imm : off;
            long target = pc + 1 + rel;
            if (target < 0 || target >= n) {
                return invalid("jump target " + target + " is outside the program");
            }
            if (program.get((int) target).op() == Op.WIDE_HI) {
                return invalid("jump target " + target + " is the second half of a 64-bit load");
            }
        }

        switch (op) {
            case ADD64_IMM: return word(ADD_I, d, 0, 0, imm);
            case SUB64_IMM: return word(SUB_I, d, 0, 0, imm);
            case MUL64_IMM: return word(MUL_I, d, 0, 0, imm);
            // RFC 9669: division by zero gives 0; modulo by zero leaves dst as it is (zero-extended for 32-bit).
            case DIV64_IMM: return imm == 0 ? word(MOV_I, d, 0, 0, 0) : word(DIV_I, d, 0, 0, imm);
            case SDIV64_IMM: return imm == 0 ? word(MOV_I, d, 0, 0, 0) : word(SDIV_I, d, 0, 0, imm);
            case MOD64_IMM: return imm == 0 ? word(NOP, 0, 0, 0, 0) : word(MOD_I, d, 0, 0, imm);
            case SMOD64_IMM: return imm == 0 ? word(NOP, 0, 0, 0, 0) : word(SMOD_I, d, 0, 0, imm);
            case OR64_IMM: return word(OR_I, d, 0, 0, imm);
            case AND64_IMM: return word(AND_I, d, 0, 0, imm);
            case XOR64_IMM: return word(XOR_I, d, 0, 0, imm);
            case LSH64_IMM: return word(LSH_I, d, 0, 0, imm & 63);
            case RSH64_IMM: return word(RSH_I, d, 0, 0, imm & 63);
            case ARSH64_IMM: return word(ARSH_I, d, 0, 0, imm & 63);
            case MOV64_IMM: return word(MOV_I, d, 0, 0, imm);
            case ADD64_REG: return word(ADD_R, d, s, 0, 0);
            case SUB64_REG: return word(SUB_R, d, s, 0, 0);
            case MUL64_REG: return word(MUL_R, d, s, 0, 0);
            case DIV64_REG: return word(DIV_R, d, s, 0, 0);
            case SDIV64_REG: return word(SDIV_R, d, s, 0, 0);
            case MOD64_REG: return word(MOD_R, d, s, 0, 0);
            case SMOD64_REG: return word(SMOD_R, d, s, 0, 0);
            case OR64_REG: return word(OR_R, d, s, 0, 0);
            case AND64_REG: return word(AND_R, d, s, 0, 0);
            case XOR64_REG: return word(XOR_R, d, s, 0, 0);
            case LSH64_REG: return word(LSH_R, d, s, 0, 0);
            case RSH64_REG: return word(RSH_R, d, s, 0, 0);
            case ARSH64_REG: return word(ARSH_R, d, s, 0, 0);
            case MOV64_REG: return word(MOV_R, d, s, 0, 0);
            case MOVSX8_64: return word(MOVSX8, d, s, 0, 0);
            case MOVSX16_64: return word(MOVSX16, d, s, 0, 0);
            case MOVSX32_64: return word(MOVSX32, d, s, 0, 0);
            case NEG64: return word(NEG, d, 0, 0, 0);

            case ADD32_IMM: return word(ADD32_I, d, 0, 0, imm);
            case SUB32_IMM: return word(SUB32_I, d, 0, 0, imm);
            case MUL32_IMM: return word(MUL32_I, d, 0, 0, imm);
            case DIV32_IMM: return imm == 0 ? word(MOV32_I, d, 0, 0, 0) : word(DIV32_I, d, 0, 0, imm);
            case SDIV32_IMM: return imm == 0 ? word(MOV32_I, d, 0, 0, 0) : word(SDIV32_I, d, 0, 0, imm);
            case MOD32_IMM: return imm == 0 ? word(ZEXT32, d, 0, 0, 0) : word(MOD32_I, d, 0, 0, imm);
            case SMOD32_IMM: return imm == 0 ? word(ZEXT32, d, 0, 0, 0) : word(SMOD32_I, d, 0, 0, imm);
            case OR32_IMM: return word(OR32_I, d, 0, 0, imm);
            case AND32_IMM: return word(AND32_I, d, 0, 0, imm);
            case XOR32_IMM: return word(XOR32_I, d, 0, 0, imm);
            case LSH32_IMM: return word(LSH32_I, d, 0, 0, imm & 31);
            case RSH32_IMM: return word(RSH32_I, d, 0, 0, imm & 31);
            case ARSH32_IMM: return word(ARSH32_I, d, 0, 0, imm & 31);
            case MOV32_IMM: return word(MOV32_I, d, 0, 0, imm);
            case ADD32_REG: return word(ADD32_R, d, s, 0, 0);
            case SUB32_REG: return word(SUB32_R, d, s, 0, 0);
            case MUL32_REG: return word(MUL32_R, d, s, 0, 0);
            case DIV32_REG: return word(DIV32_R, d, s, 0, 0);
            case SDIV32_REG: return word(SDIV32_R, d, s, 0, 0);
            case MOD32_REG: return word(MOD32_R, d, s, 0, 0);
            case SMOD32_REG: return word(SMOD32_R, d, s, 0, 0);
            case OR32_REG: return word(OR32_R, d, s, 0, 0);
            case AND32_REG: return word(AND32_R, d, s, 0, 0);
            case XOR32_REG: return word(XOR32_R, d, s, 0, 0);
            case LSH32_REG: return word(LSH32_R, d, s, 0, 0);
            case RSH32_REG: return word(RSH32_R, d, s, 0, 0);
            case ARSH32_REG: return word(ARSH32_R, d, s, 0, 0);
            case MOV32_REG: return word(MOV32_R, d, s, 0, 0);
            case MOVSX8_32: return word(Ops.MOVSX8_32, d, s, 0, 0);
            case MOVSX16_32: return word(Ops.MOVSX16_32, d, s, 0, 0);
            case NEG32: return word(Ops.NEG32, d, 0, 0, 0);

            case LE16: return word(ZEXT16, d, 0, 0, 0);
            case LE32: return word(ZEXT32, d, 0, 0, 0);
            case LE64: return word(NOP, 0, 0, 0, 0);
            case BE16: case BSWAP16: return word(Ops.BSWAP16, d, 0, 0, 0);
            case BE32: case BSWAP32: return word(Ops.BSWAP32, d, 0, 0, 0);
            case BE64: case BSWAP64: return word(Ops.BSWAP64, d, 0, 0, 0);

            case JA: return word(Ops.JA, 0, 0, 0, off);
            case JA32: return word(Ops.JA, 0, 0, 0, imm);
            case JEQ64_IMM: return word(JEQ_I, d, 0, off, imm);
            case JGT64_IMM: return word(JGT_I, d, 0, off, imm);
            case JGE64_IMM: return word(JGE_I, d, 0, off, imm);
            case JSET64_IMM: return word(JSET_I, d, 0, off, imm);
            case JNE64_IMM: return word(JNE_I, d, 0, off, imm);
            case JSGT64_IMM: return word(JSGT_I, d, 0, off, imm);
            case JSGE64_IMM: return word(JSGE_I, d, 0, off, imm);
            case JLT64_IMM: return word(JLT_I, d, 0, off, imm);
            case JLE64_IMM: return word(JLE_I, d, 0, off, imm);
            case JSLT64_IMM: return word(JSLT_I, d, 0, off, imm);
            case JSLE64_IMM: return word(JSLE_I, d, 0, off, imm);
            case JEQ64_REG: return word(JEQ_R, d, s, off, 0);
            case JGT64_REG: return word(JGT_R, d, s, off, 0);
            case JGE64_REG: return word(JGE_R, d, s, off, 0);
            case JSET64_REG: return word(JSET_R, d, s, off, 0);
            case JNE64_REG: return word(JNE_R, d, s, off, 0);
            case JSGT64_REG: return word(JSGT_R, d, s, off, 0);
            case JSGE64_REG: return word(JSGE_R, d, s, off, 0);
            case JLT64_REG: return word(JLT_R, d, s, off, 0);
            case JLE64_REG: return word(JLE_R, d, s, off, 0);
            case JSLT64_REG: return word(JSLT_R, d, s, off, 0);
            case JSLE64_REG: return word(JSLE_R, d, s, off, 0);
            case JEQ32_IMM: return word(Ops.JEQ32_I, d, 0, off, imm);
            case JGT32_IMM: return word(Ops.JGT32_I, d, 0, off, imm);
            case JGE32_IMM: return word(Ops.JGE32_I, d, 0, off, imm);
            case JSET32_IMM: return word(Ops.JSET32_I, d, 0, off, imm);
            case JNE32_IMM: return word(Ops.JNE32_I, d, 0, off, imm);
            case JSGT32_IMM: return word(Ops.JSGT32_I, d, 0, off, imm);
            case JSGE32_IMM: return word(Ops.JSGE32_I, d, 0, off, imm);
            case JLT32_IMM: return word(Ops.JLT32_I, d, 0, off, imm);
            case JLE32_IMM: return word(Ops.JLE32_I, d, 0, off, imm);
            case JSLT32_IMM: return word(Ops.JSLT32_I, d, 0, off, imm);
            case JSLE32_IMM: return word(Ops.JSLE32_I, d, 0, off, imm);
            case JEQ32_REG: return word(Ops.JEQ32_R, d, s, off, 0);
            case JGT32_REG: return word(Ops.JGT32_R, d, s, off, 0);
            case JGE32_REG: return word(Ops.JGE32_R, d, s, off, 0);
            case JSET32_REG: return word(Ops.JSET32_R, d, s, off, 0);
            case JNE32_REG: return word(Ops.JNE32_R, d, s, off, 0);
            case JSGT32_REG: return word(Ops.JSGT32_R, d, s, off, 0);
            case JSGE32_REG: return word(Ops.JSGE32_R, d, s, off, 0);
            case JLT32_REG: return word(Ops.JLT32_R, d, s, off, 0);
            case JLE32_REG: return word(Ops.JLE32_R, d, s, off, 0);
            case JSLT32_REG: return word(Ops.JSLT32_R, d, s, off, 0);
            case JSLE32_REG: return word(Ops.JSLE32_R, d, s, off, 0);

            case CALL: {
                // Resolved now, so the run does a plain array access. An unregistered or disallowed number faults
                // only if the call is reached (the verifier already refuses disallowed ones).
                int index = helpers.indexOf(imm);
                if (index < 0) {
                    return word(UNKNOWN_HELPER, 0, 0, 0, imm);
                }
                if (!helperAllowed[index]) {
                    return invalid("helper " + imm + " (" + helpers.nameAt(index) + ") is not allowed for this program");
                }
                return word(Ops.CALL, 0, 0, 0, index);
            }
            case CALLX: return word(Ops.CALLX, d, 0, 0, 0);
            case CALL_LOCAL: return word(Ops.CALL_LOCAL, 0, 0, 0, imm);
            case EXIT: return word(Ops.EXIT, 0, 0, 0, 0);

            case LDDW: return constant(d, program.imm64(pc));
            case LDDW_DATA: return section(d, sections.data(), 0, program.imm64(pc));
            case LDDW_RODATA: return section(d, sections.rodata(), 1, program.imm64(pc));

            case LDXB: return memory(LDXB, LDXB_FP, d, s, off, 0, s, frameSize, 1);
            case LDXH: return memory(LDXH, LDXH_FP, d, s, off, 0, s, frameSize, 2);
            case LDXW: return memory(LDXW, LDXW_FP, d, s, off, 0, s, frameSize, 4);
            case LDXDW: return memory(LDXDW, LDXDW_FP, d, s, off, 0, s, frameSize, 8);
            case LDXSB: return memory(LDXSB, LDXSB_FP, d, s, off, 0, s, frameSize, 1);
            case LDXSH: return memory(LDXSH, LDXSH_FP, d, s, off, 0, s, frameSize, 2);
            case LDXSW: return memory(LDXSW, LDXSW_FP, d, s, off, 0, s, frameSize, 4);
            case STB: return memory(Ops.STB, STB_FP, d, 0, off, imm, d, frameSize, 1);
            case STH: return memory(Ops.STH, STH_FP, d, 0, off, imm, d, frameSize, 2);
            case STW: return memory(Ops.STW, STW_FP, d, 0, off, imm, d, frameSize, 4);
            case STDW: return memory(Ops.STDW, STDW_FP, d, 0, off, imm, d, frameSize, 8);
            case STXB: return memory(Ops.STXB, STXB_FP, d, s, off, 0, d, frameSize, 1);
            case STXH: return memory(Ops.STXH, STXH_FP, d, s, off, 0, d, frameSize, 2);
            case STXW: return memory(Ops.STXW, STXW_FP, d, s, off, 0, d, frameSize, 4);
            case STXDW: return memory(Ops.STXDW, STXDW_FP, d, s, off, 0, d, frameSize, 8);

            default:
                if (op.form() == Form.ATOMIC) {
                    return word(op.accessSize() == 8 ? ATOMIC64 : ATOMIC32, d, s, off, imm);
                }
                return invalid("the VM does not implement " + op.mnemonic());
        }
    }

    private long section(int d, Region region, int which, long offset) {
        return region == null ? word(MISSING_SECTION, d, 0, 0, which) : constant(d, region.start() + offset);
    }

    /**
     * A load or store, as its unchecked frame-pointer form when the access is through r10 and lies inside the
     * current frame. The VM proves this itself, from the encoding alone: r10 is never written (translation turns
     * any writer of r10 into a fault), so r10 + off is a constant offset into the frame.
     */
    private static long memory(int checked, int proven, int d, int s, int off, int imm, int base, int frameSize,
                               int size) {
        boolean inFrame = base == 10 && off >= -frameSize && off + size <= 0;
        return word(inFrame ? proven : checked, d, s, off, imm);
    }
}
