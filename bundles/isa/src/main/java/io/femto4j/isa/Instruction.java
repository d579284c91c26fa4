package io.femto4j.isa;

import java.util.Objects;

/**
 * One 8-byte instruction slot: the operation and its raw fields as encoded. A two-slot load is two
 * instructions, the second being {@link Op#WIDE_HI}, so that slot indices (jump targets, fault locations)
 * are the same everywhere.
 *
 * @param op     the decoded operation
 * @param dst    destination register field, 0 to 15 (the decoder rejects 11 to 15)
 * @param src    source register field, 0 to 15
 * @param offset signed 16-bit offset field
 * @param imm    signed 32-bit immediate field
 */
public record Instruction(Op op, int dst, int src, int offset, int imm) {

    /** Size of one slot in bytes. */
    public static final int SIZE = 8;

    public Instruction {
        Objects.requireNonNull(op, "op");
        if ((dst & ~0xf) != 0 || (src & ~0xf) != 0) {
            throw new IllegalArgumentException("register fields are 4 bits: dst=" + dst + " src=" + src);
        }
        if (offset != (short) offset) {
            throw new IllegalArgumentException("offset out of 16-bit range: " + offset);
        }
    }

    /** The opcode byte. */
    public int opcode() {
        return op.opcode();
    }

    /** Writes the 8-byte little-endian encoding of this slot at {@code at}. */
    public void encodeInto(byte[] out, int at) {
        out[at] = (byte) op.opcode();
        out[at + 1] = (byte) (dst | (src << 4));
        out[at + 2] = (byte) offset;
        out[at + 3] = (byte) (offset >> 8);
        out[at + 4] = (byte) imm;
        out[at + 5] = (byte) (imm >> 8);
        out[at + 6] = (byte) (imm >> 16);
        out[at + 7] = (byte) (imm >> 24);
    }

    /** The slot as the 64-bit little-endian word the conformance data and plugin protocol use. */
    public long word() {
        return (op.opcode() & 0xffL) | ((long) (dst | (src << 4)) << 8) | ((offset & 0xffffL) << 16)
                | ((imm & 0xffffffffL) << 32);
    }
}
