package io.femto4j.verifier;

import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;

import java.util.BitSet;

/**
 * The checks that look at one instruction at a time: is it allowed, does it write r10, are its constants
 * sensible, do its jump and call targets land on instruction starts, and do its r10-relative accesses stay in
 * the frame. Runs over every slot, reachable or not: code that can never run is still no place for garbage.
 */
final class InstructionChecks {

    /** Frame pointer register. */
    static final int R10 = 10;

    private final Policy policy;
    private final Findings out;
    /** What the allow-list allows, for messages; built once since a program may call many helpers. */
    private final String allowedHelpersNote;

    InstructionChecks(Policy policy, Findings out) {
        this.policy = policy;
        this.out = out;
        this.allowedHelpersNote = allowedHelpersNote(policy);
    }

    /**
     * Checks every decoded slot and returns the indices of the stack accesses proven to lie in the frame.
     * {@code null} slots (undecodable) and second slots of wide loads are skipped.
     */
    BitSet check(Instruction[] slots) {
        BitSet provenStack = new BitSet(slots.length);
        for (int pc = 0; pc < slots.length; pc++) {
            Instruction insn = slots[pc];
            if (insn == null || insn.op() == Op.WIDE_HI) {
                continue;
            }
            checkAllowed(pc, insn.op());
            checkR10Writes(pc, insn);
            checkConstants(pc, insn);
            checkTarget(pc, insn, slots);
            if (insn.op() == Op.CALL && !policy.allowedHelpers().test(insn.imm())) {
                out.error(Diagnostic.Code.HELPER_NOT_ALLOWED, pc, "call to helper " + insn.imm() + ", which the "
                        + "policy does not allow" + allowedHelpersNote + ": remove the call or add the helper "
                        + "to the policy's allow-list");
            }
            if (checkStackAccess(pc, insn)) {
                provenStack.set(pc);
            }
        }
        return provenStack;
    }

    private void checkAllowed(int pc, Op op) {
        boolean versionOk = op.cpuVersion() <= policy.cpuVersion();
        boolean groupOk = policy.groups().contains(op.group());
        if (versionOk && groupOk) {
            return;
        }
        StringBuilder why = new StringBuilder(op.mnemonic());
        if (!versionOk) {
            why.append(" needs CPU v").append(op.cpuVersion()).append(" but the policy allows up to v")
                    .append(policy.cpuVersion());
        }
        if (!groupOk) {
            why.append(versionOk ? "" : ", and it").append(" belongs to the ").append(Policy.groupLabel(op.group()))
                    .append(" group, which the policy does not allow");
        }
        String allow = !versionOk && !groupOk
                ? "v" + op.cpuVersion() + " and the " + Policy.groupLabel(op.group()) + " group"
                : !versionOk ? "v" + op.cpuVersion() : "the " + Policy.groupLabel(op.group()) + " group";
        why.append(groupOk
                ? ": compile for CPU v" + policy.cpuVersion() + " (clang -mcpu=v" + policy.cpuVersion() + ")"
                : ": do without it");
        why.append(" or allow ").append(allow).append(" in the policy");
        out.error(Diagnostic.Code.OPCODE_NOT_ALLOWED, pc, why.toString());
    }

    /**
     * r10 must stay the frame pointer: the stack proofs below and the VM's frames depend on it. Every form
     * that writes a register is covered, not only the ALU: loads, two-slot loads, and atomics that fetch the
     * old value into their source register. (cmpxchg writes r0 instead, and calls clobber r0 to r5.)
     */
    private void checkR10Writes(int pc, Instruction insn) {
        Op op = insn.op();
        if (op.writesDst() && insn.dst() == R10) {
            out.error(Diagnostic.Code.WRITES_R10, pc, op.mnemonic() + " writes r10, the read-only frame pointer: "
                    + "write another register (r0 to r9); to compute a stack address, copy r10 first");
        }
        if (writesSourceRegister(op) && insn.src() == R10) {
            out.error(Diagnostic.Code.WRITES_R10, pc, op.mnemonic() + " writes the old memory value into its "
                    + "source register r10, the read-only frame pointer: use another source register (r0 to r9)");
        }
    }

    /** Atomics with the FETCH flag (0x01) return the old value in src, except cmpxchg, which uses r0. */
    static boolean writesSourceRegister(Op op) {
        return op.form() == Form.ATOMIC && (op.discriminator() & 0x01) != 0
                && op != Op.ATOMIC32_CMPXCHG && op != Op.ATOMIC64_CMPXCHG;
    }

    private void checkConstants(int pc, Instruction insn) {
        Op op = insn.op();
        switch (op) {
            case LSH32_IMM, RSH32_IMM, ARSH32_IMM, LSH64_IMM, RSH64_IMM, ARSH64_IMM -> {
                int width = op.is32() ? 32 : 64;
                int imm = insn.imm();
                if (imm < 0 || imm >= width) {
                    // RFC 9669 masks the count, so the result is defined (and the conformance suite tests it);
                    // it is a warning because such a count is almost always a mistake
                    out.warning(Diagnostic.Code.SHIFT_OUT_OF_RANGE, pc, op.mnemonic() + " by " + imm + " is "
                            + "outside 0 to " + (width - 1) + ": the VM shifts by " + (imm & (width - 1))
                            + " (the count masked to " + Integer.numberOfTrailingZeros(width) + " bits, as RFC 9669 "
                            + "says); write that count if it is what you mean");
                }
            }
            case DIV32_IMM, DIV64_IMM, SDIV32_IMM, SDIV64_IMM -> {
                if (insn.imm() == 0) {
                    out.warning(Diagnostic.Code.DIVISION_BY_ZERO, pc, op.mnemonic() + " by the constant 0 does "
                            + "not trap: RFC 9669 defines the result as 0; divide by a non-zero constant or drop it");
                }
            }
            case MOD32_IMM, MOD64_IMM, SMOD32_IMM, SMOD64_IMM -> {
                if (insn.imm() == 0) {
                    out.warning(Diagnostic.Code.DIVISION_BY_ZERO, pc, op.mnemonic() + " by the constant 0 does "
                            + "not trap: RFC 9669 leaves dst unchanged" + (op.is32() ? " (truncated to 32 bits)" : "")
                            + "; use a non-zero constant or drop it");
                }
            }
            default -> {
                // no constant to check
            }
        }
    }

    /** The slot a jump or local call goes to, as a long because {@code pc + imm + 1} can overflow an int. */
    static long target(int pc, Instruction insn) {
        Op op = insn.op();
        int displacement = op.form() == Form.JA32 || op == Op.CALL_LOCAL ? insn.imm() : insn.offset();
        return (long) pc + displacement + 1;
    }

    /** True for jumps and local calls, whose target is in the instruction. */
    static boolean hasTarget(Op op) {
        return op.isJump() || op == Op.CALL_LOCAL;
    }

    /** True when the target is an instruction start inside the program. */
    static boolean validTarget(long target, Instruction[] slots) {
        return target >= 0 && target < slots.length
                && (slots[(int) target] == null || slots[(int) target].op() != Op.WIDE_HI);
    }

    private void checkTarget(int pc, Instruction insn, Instruction[] slots) {
        Op op = insn.op();
        if (!hasTarget(op)) {
            return;
        }
        long target = target(pc, insn);
        String kind = op == Op.CALL_LOCAL ? "call" : "jump";
        String field = op.form() == Form.JA32 || op == Op.CALL_LOCAL ? "imm" : "offset";
        long displacement = target - pc - 1;
        if (target < 0 || target >= slots.length) {
            out.error(Diagnostic.Code.JUMP_OUT_OF_PROGRAM, pc, kind + " target " + target + " is outside the "
                    + "program (" + slots.length + " instructions): " + op.mnemonic() + " " + field + " "
                    + displacement + " must give a target from 0 to " + (slots.length - 1)
                    + " (target = pc + " + field + " + 1)");
        } else if (slots[(int) target] != null && slots[(int) target].op() == Op.WIDE_HI) {
            Instruction wide = slots[(int) target - 1];
            out.error(Diagnostic.Code.JUMP_INTO_WIDE_LOAD, pc, kind + " target " + target + " is the second slot of "
                    + "the " + (wide == null ? "64-bit load" : wide.op().mnemonic()) + " at " + (target - 1)
                    + ", not an instruction: " + kind + " to " + (target - 1) + " (" + field + " "
                    + (displacement - 1) + ") or past it");
        }
    }

    /**
     * Loads, stores and atomics addressed through r10 with a constant offset must lie inside the frame
     * {@code [r10 - frameSize, r10)}; returns true when the access is proven in-frame. Accesses through other
     * registers are the VM's to check at run time.
     */
    private boolean checkStackAccess(int pc, Instruction insn) {
        Op op = insn.op();
        int base = switch (op.form()) {
            case LOAD -> insn.src();
            case STORE_IMM, STORE_REG, ATOMIC -> insn.dst();
            default -> -1;
        };
        if (base != R10) {
            return false;
        }
        int size = op.accessSize();
        int frame = policy.frameSize();
        long first = insn.offset();
        long last = first + size - 1;
        if (first >= -frame && last < 0) {
            return true;
        }
        String touches = size == 1 ? "r10" + signed(first) : "r10" + signed(first) + " to r10" + signed(last);
        out.error(Diagnostic.Code.STACK_OUT_OF_FRAME, pc, op.mnemonic() + " [r10" + signed(first) + "] touches "
                + touches + ", outside the " + frame + "-byte frame r10-" + frame + " to r10-1: use an offset from -"
                + frame + " to -" + size + " for this " + size + "-byte access");
        return false;
    }

    private static String signed(long value) {
        return value < 0 ? Long.toString(value) : "+" + value;
    }

    private static String allowedHelpersNote(Policy policy) {
        if (policy.allowedHelpers() instanceof HelperAllowList list) {
            return list.equals(HelperAllowList.NONE) ? " (it allows no helpers)" : " (it allows " + list + ")";
        }
        return "";
    }
}
