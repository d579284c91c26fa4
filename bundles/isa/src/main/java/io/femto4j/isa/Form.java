package io.femto4j.isa;

/**
 * Which fields of an instruction slot an operation reads, and which field (if any) tells it apart from
 * other operations that share its opcode byte. Every field that is neither used nor the discriminator
 * must be zero under the strict decoder.
 */
public enum Form {
    /** {@code dst op= imm}. */
    ALU_IMM(true, false, false, true, Discriminator.NONE),
    /** {@code dst op= src}. */
    ALU_REG(true, true, false, false, Discriminator.NONE),
    /** {@code dst op= imm}, with the variant (e.g. {@code sdiv}) chosen by the offset field. */
    ALU_IMM_BY_OFFSET(true, false, false, true, Discriminator.OFFSET),
    /** {@code dst op= src}, with the variant ({@code sdiv}, {@code movsx8}, ...) chosen by the offset field. */
    ALU_REG_BY_OFFSET(true, true, false, false, Discriminator.OFFSET),
    /** {@code dst = -dst}. */
    UNARY(true, false, false, false, Discriminator.NONE),
    /** Byte order conversion of {@code dst}; the width (16, 32, 64) is the immediate. */
    ENDIAN(true, false, false, false, Discriminator.IMM),
    /** {@code goto +off}. */
    JA(false, false, true, false, Discriminator.NONE),
    /** {@code goto +imm} (32-bit range, CPU v4). */
    JA32(false, false, false, true, Discriminator.NONE),
    /** {@code if (dst op imm) goto +off}. */
    JUMP_IMM(true, false, true, true, Discriminator.NONE),
    /** {@code if (dst op src) goto +off}. */
    JUMP_REG(true, true, true, false, Discriminator.NONE),
    /** Helper call by number in imm; the src field is 0. */
    CALL_HELPER(false, false, false, true, Discriminator.SRC),
    /** BPF-to-BPF call, target {@code pc + imm + 1}; the src field is 1. */
    CALL_LOCAL(false, false, false, true, Discriminator.SRC),
    /** Helper call by the number held in register dst. */
    CALLX(true, false, false, false, Discriminator.NONE),
    /** Return r0 from the current function. */
    EXIT(false, false, false, false, Discriminator.NONE),
    /** {@code dst = *(size *)(src + off)}. */
    LOAD(true, true, true, false, Discriminator.NONE),
    /** {@code *(size *)(dst + off) = imm}. */
    STORE_IMM(true, false, true, true, Discriminator.NONE),
    /** {@code *(size *)(dst + off) = src}. */
    STORE_REG(true, true, true, false, Discriminator.NONE),
    /** Atomic read-modify-write at {@code dst + off} with src; the operation is the immediate. */
    ATOMIC(true, true, true, false, Discriminator.IMM),
    /** First slot of a two-slot 64-bit immediate load ({@code lddw} and the Femto-Container 0xB8/0xD8). */
    WIDE(true, false, false, true, Discriminator.NONE),
    /** Second slot of a two-slot load: only its imm (the high 32 bits) is used. */
    WIDE_HI(false, false, false, true, Discriminator.NONE);

    /** The field that selects among operations sharing one opcode byte. */
    public enum Discriminator {
        NONE, OFFSET, IMM, SRC;

        /** The value of the field this names, among an instruction's fields (0 for {@link #NONE}). */
        int in(int src, int offset, int imm) {
            return switch (this) {
                case NONE -> 0;
                case OFFSET -> offset;
                case IMM -> imm;
                case SRC -> src;
            };
        }
    }

    private final boolean usesDst;
    private final boolean usesSrc;
    private final boolean usesOffset;
    private final boolean usesImm;
    private final Discriminator discriminator;

    Form(boolean usesDst, boolean usesSrc, boolean usesOffset, boolean usesImm, Discriminator discriminator) {
        this.usesDst = usesDst;
        this.usesSrc = usesSrc;
        this.usesOffset = usesOffset;
        this.usesImm = usesImm;
        this.discriminator = discriminator;
    }

    public boolean usesDst() { return usesDst; }
    public boolean usesSrc() { return usesSrc; }
    public boolean usesOffset() { return usesOffset; }
    public boolean usesImm() { return usesImm; }
    public Discriminator discriminator() { return discriminator; }
}
