package io.femto4j.isa;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns little-endian eBPF bytecode into a {@link Program}. The strict decoder also rejects non-zero fields
 * that the operation does not use (as RFC 9669 requires); the lenient one accepts them, for legacy images.
 */
public final class Decoder {
    /** Registers r0 to r10 exist; r10 is the frame pointer. */
    public static final int REGISTER_COUNT = 11;

    private static final Decoder STRICT = new Decoder(true);
    private static final Decoder LENIENT = new Decoder(false);

    private final boolean strict;

    private Decoder(boolean strict) {
        this.strict = strict;
    }

    public static Decoder strict() {
        return STRICT;
    }

    public static Decoder lenient() {
        return LENIENT;
    }

    public boolean isStrict() {
        return strict;
    }

    /** Decodes all of {@code code}. */
    public Program decode(byte[] code) throws DecodeException {
        return decode(code, 0, code.length);
    }

    /** Decodes {@code length} bytes of {@code code} from {@code from}. */
    public Program decode(byte[] code, int from, int length) throws DecodeException {
        if (from < 0 || length < 0 || length > code.length - from) {
            throw new DecodeException(-1, "range " + from + "+" + length + " lies outside the " + code.length + "-byte buffer");
        }
        if (length % Instruction.SIZE != 0) {
            throw new DecodeException(-1, "length " + length + " is not a multiple of 8 bytes");
        }
        int count = length / Instruction.SIZE;
        List<Instruction> slots = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = from + i * Instruction.SIZE;
            Instruction insn = decodeSlot(code, at, i);
            slots.add(insn);
            if (insn.op().isWide()) {
                if (i + 1 >= count) {
                    throw new DecodeException(i, insn.op().mnemonic() + " needs a second slot but the program ends");
                }
                slots.add(decodeSecondSlot(code, at + Instruction.SIZE, i + 1, insn.op()));
                i++;
            }
        }
        return Program.of(slots);
    }

    private Instruction decodeSlot(byte[] code, int at, int index) throws DecodeException {
        int opcode = code[at] & 0xff;
        int dst = code[at + 1] & 0x0f;
        int src = (code[at + 1] >> 4) & 0x0f;
        int offset = (short) ((code[at + 2] & 0xff) | (code[at + 3] << 8));
        int imm = (code[at + 4] & 0xff) | ((code[at + 5] & 0xff) << 8) | ((code[at + 6] & 0xff) << 16) | (code[at + 7] << 24);

        Op op = select(opcode, src, offset, imm, index);
        Form form = op.form();
        if (form.usesDst() && dst >= REGISTER_COUNT) {
            throw new DecodeException(index, "destination register r" + dst + " does not exist (r0 to r10)");
        }
        if (form.usesSrc() && src >= REGISTER_COUNT) {
            throw new DecodeException(index, "source register r" + src + " does not exist (r0 to r10)");
        }
        if (op == Op.LDDW && src != 0) {
            throw new DecodeException(index, "lddw with source " + src + " (a map or BTF reference) is not supported");
        }
        if (strict) {
            Form.Discriminator disc = form.discriminator();
            requireUnused(index, op, "dst", dst, form.usesDst());
            requireUnused(index, op, "src", src, form.usesSrc() || disc == Form.Discriminator.SRC);
            requireUnused(index, op, "offset", offset, form.usesOffset() || disc == Form.Discriminator.OFFSET);
            requireUnused(index, op, "imm", imm, form.usesImm() || disc == Form.Discriminator.IMM);
        }
        return new Instruction(op, dst, src, offset, imm);
    }

    private Op select(int opcode, int src, int offset, int imm, int index) throws DecodeException {
        Op selected = Op.selectedBy(opcode, src, offset, imm, !strict);
        if (selected != null) {
            return selected;
        }
        List<Op> candidates = Op.withOpcode(opcode);
        if (candidates.isEmpty()) {
            throw new DecodeException(index, String.format("unknown opcode 0x%02x", opcode));
        }
        Form.Discriminator disc = candidates.get(0).form().discriminator();
        int value = disc.in(src, offset, imm);
        String field = disc.name().toLowerCase();
        StringBuilder allowed = new StringBuilder();
        for (Op op : candidates) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(op.discriminator()).append(" (").append(op.mnemonic()).append(')');
        }
        throw new DecodeException(index, String.format("opcode 0x%02x: %s %d selects no operation; expected %s",
                opcode, field, value, allowed));
    }

    private static void requireUnused(int index, Op op, String field, int value, boolean used) throws DecodeException {
        if (!used && value != 0) {
            throw new DecodeException(index, op.mnemonic() + ": unused field " + field + " is " + value + ", must be 0");
        }
    }

    private Instruction decodeSecondSlot(byte[] code, int at, int index, Op first) throws DecodeException {
        int opcode = code[at] & 0xff;
        int dst = code[at + 1] & 0x0f;
        int src = (code[at + 1] >> 4) & 0x0f;
        int offset = (short) ((code[at + 2] & 0xff) | (code[at + 3] << 8));
        int imm = (code[at + 4] & 0xff) | ((code[at + 5] & 0xff) << 8) | ((code[at + 6] & 0xff) << 16) | (code[at + 7] << 24);
        if (opcode != 0) {
            throw new DecodeException(index, String.format("second slot of %s must have opcode 0x00, found 0x%02x",
                    first.mnemonic(), opcode));
        }
        if (strict && (dst != 0 || src != 0 || offset != 0)) {
            throw new DecodeException(index, "second slot of " + first.mnemonic() + " must have dst, src and offset 0");
        }
        return new Instruction(Op.WIDE_HI, dst, src, offset, imm);
    }
}
