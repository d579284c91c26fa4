package io.femto4j.verifier;

import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;

import java.util.List;

/**
 * Decodes instruction slots for the verifier. Unlike {@link io.femto4j.isa.Decoder} it does not stop at the
 * first bad slot: it reports every encoding problem (unknown opcodes, registers, unused fields, malformed
 * two-slot loads) as a diagnostic and keeps going, so that one run lists all of them. The result has one entry
 * per slot: the instruction, a {@link Op#WIDE_HI} for the second slot of a two-slot load (whatever its opcode,
 * because its position alone makes it one), or {@code null} where no operation could be decoded.
 */
final class SlotDecoder {

    /** r0 to r10 exist. */
    static final int REGISTER_COUNT = 11;

    private final Policy policy;
    private final Findings out;

    SlotDecoder(Policy policy, Findings out) {
        this.policy = policy;
        this.out = out;
    }

    /** Decodes all of {@code code}, whose length the caller has checked to be a non-zero multiple of 8. */
    Instruction[] decode(byte[] code) {
        int n = code.length / Instruction.SIZE;
        Instruction[] slots = new Instruction[n];
        for (int i = 0; i < n; i++) {
            Instruction insn = decodeSlot(code, i);
            slots[i] = insn;
            if (insn != null && insn.op().isWide()) {
                if (i + 1 >= n) {
                    out.error(Diagnostic.Code.BAD_WIDE_LOAD, i, insn.op().mnemonic() + " is the last slot, so its "
                            + "second slot (the high 32 bits) is missing: a 64-bit load takes two slots (16 bytes)");
                } else {
                    slots[i + 1] = decodeSecondSlot(code, i + 1, insn.op(), i);
                    i++;
                }
            }
        }
        return slots;
    }

    private Instruction decodeSlot(byte[] code, int index) {
        int at = index * Instruction.SIZE;
        int opcode = code[at] & 0xff;
        int dst = code[at + 1] & 0x0f;
        int src = (code[at + 1] >> 4) & 0x0f;
        int offset = (short) ((code[at + 2] & 0xff) | (code[at + 3] << 8));
        int imm = (code[at + 4] & 0xff) | ((code[at + 5] & 0xff) << 8) | ((code[at + 6] & 0xff) << 16)
                | (code[at + 7] << 24);

        List<Op> candidates = Op.withOpcode(opcode);
        if (candidates.isEmpty()) {
            out.error(Diagnostic.Code.UNKNOWN_OPCODE, index, opcode == 0
                    ? "opcode 0x00 is only valid as the second slot of lddw, lddwd or lddwr, and no such load "
                    + "precedes it: the image is corrupt or a jump table was misread as code"
                    : String.format("unknown opcode 0x%02x: no RFC 9669 or Femto-Container operation has it; "
                    + "the image is corrupt, from another ISA, or its text section offset is wrong", opcode));
            return null;
        }
        Op first = candidates.get(0);
        Form.Discriminator disc = first.form().discriminator();
        Op op = first;
        // Before CPU v4 the offset of ALU operations is reserved (it selects sdiv, movsx... only from v4 on).
        // A value that selects nothing is then an ordinary unused field: strict rejects it below, lenient
        // ignores it as legacy images expect. A value that does select a v4 operation stays that operation,
        // so the policy check rejects it rather than silently running a different operation.
        boolean selectorIsUnused = false;
        if (disc != Form.Discriminator.NONE) {
            int value = switch (disc) {
                case OFFSET -> offset;
                case IMM -> imm;
                default -> src;
            };
            op = null;
            for (Op candidate : candidates) {
                if (candidate.discriminator() == value) {
                    op = candidate;
                    break;
                }
            }
            if (op == null) {
                if (disc == Form.Discriminator.OFFSET && policy.cpuVersion() < 4) {
                    op = first;
                    selectorIsUnused = true;
                } else if (first.form() == Form.ENDIAN) {
                    out.error(Diagnostic.Code.BAD_ENDIAN_WIDTH, index, String.format("%s: width %d is not 16, 32 "
                            + "or 64; the imm field of a byte swap holds the width in bits", baseName(first), imm));
                    return null;
                } else {
                    out.error(Diagnostic.Code.UNKNOWN_OPCODE, index, String.format("opcode 0x%02x with %s %d "
                                    + "selects no operation; the %s field must be %s",
                            opcode, fieldName(disc), value, fieldName(disc), choices(candidates)));
                    return null;
                }
            }
        }

        Form form = op.form();
        if (form.usesDst() && dst >= REGISTER_COUNT) {
            out.error(Diagnostic.Code.BAD_REGISTER, index, op.mnemonic() + ": the dst field names r" + dst
                    + ", which does not exist: registers are r0 to r10");
        }
        if (form.usesSrc() && src >= REGISTER_COUNT) {
            out.error(Diagnostic.Code.BAD_REGISTER, index, op.mnemonic() + ": the src field names r" + src
                    + ", which does not exist: registers are r0 to r10");
        }
        if (op == Op.LDDW && src != 0) {
            // Linux uses src 1..6 for map, BTF and function references that its loader resolves; run as a
            // plain constant such a load would give the program a meaningless value, so it is never allowed.
            out.error(Diagnostic.Code.BAD_WIDE_LOAD, index, "lddw with src=" + src + " is a kernel pseudo-load "
                    + "(map, BTF or function reference) that this VM does not resolve: build the image without "
                    + "maps; the rbf converter turns .data/.rodata references into lddwd/lddwr");
        }
        if (policy.strict()) {
            StringBuilder nonZero = new StringBuilder();
            unused(nonZero, "dst", dst, form.usesDst());
            // an lddw pseudo-load is reported above; saying "src must be 0" again would add nothing
            unused(nonZero, "src", src, form.usesSrc() || disc == Form.Discriminator.SRC || op == Op.LDDW);
            unused(nonZero, "offset", offset,
                    form.usesOffset() || (disc == Form.Discriminator.OFFSET && !selectorIsUnused));
            unused(nonZero, "imm", imm, form.usesImm() || disc == Form.Discriminator.IMM);
            if (nonZero.length() > 0) {
                out.error(Diagnostic.Code.UNUSED_FIELD_NOT_ZERO, index, op.mnemonic() + " has non-zero unused "
                        + "fields (" + nonZero + "); they must be 0: fix the encoder, or verify legacy images "
                        + "with a lenient policy");
            }
        }
        return new Instruction(op, dst, src, offset, imm);
    }

    private Instruction decodeSecondSlot(byte[] code, int index, Op wide, int wideIndex) {
        int at = index * Instruction.SIZE;
        int opcode = code[at] & 0xff;
        int dst = code[at + 1] & 0x0f;
        int src = (code[at + 1] >> 4) & 0x0f;
        int offset = (short) ((code[at + 2] & 0xff) | (code[at + 3] << 8));
        int imm = (code[at + 4] & 0xff) | ((code[at + 5] & 0xff) << 8) | ((code[at + 6] & 0xff) << 16)
                | (code[at + 7] << 24);
        if (opcode != 0) {
            out.error(Diagnostic.Code.BAD_WIDE_LOAD, wideIndex, String.format("%s needs a second slot with opcode "
                    + "0x00 holding the high 32 bits, but slot %d has opcode 0x%02x: a 64-bit load takes two "
                    + "slots (16 bytes)", wide.mnemonic(), index, opcode));
        } else if (policy.strict()) {
            StringBuilder nonZero = new StringBuilder();
            unused(nonZero, "dst", dst, false);
            unused(nonZero, "src", src, false);
            unused(nonZero, "offset", offset, false);
            if (nonZero.length() > 0) {
                out.error(Diagnostic.Code.UNUSED_FIELD_NOT_ZERO, index, "the second slot of the " + wide.mnemonic()
                        + " at " + wideIndex + " has non-zero unused fields (" + nonZero + "); only its imm is "
                        + "used and the rest must be 0: fix the encoder, or verify legacy images with a lenient "
                        + "policy");
            }
        }
        return new Instruction(Op.WIDE_HI, dst, src, offset, imm);
    }

    private static void unused(StringBuilder nonZero, String field, int value, boolean used) {
        if (!used && value != 0) {
            nonZero.append(nonZero.length() == 0 ? "" : ", ").append(field).append('=').append(value);
        }
    }

    private static String fieldName(Form.Discriminator disc) {
        return disc.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code 0 (div) or 1 (sdiv)}: the selector values of the operations sharing one opcode. */
    private static String choices(List<Op> candidates) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < candidates.size(); i++) {
            Op op = candidates.get(i);
            s.append(i == 0 ? "" : i == candidates.size() - 1 ? " or " : ", ")
                    .append(op.discriminator()).append(" (").append(op.mnemonic()).append(')');
        }
        return s.toString();
    }

    /** {@code le}, {@code be} or {@code bswap}: the byte-swap family, without a width. */
    private static String baseName(Op endian) {
        return endian.mnemonic().replaceAll("\\d+$", "");
    }
}
