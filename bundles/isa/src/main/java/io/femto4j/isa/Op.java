package io.femto4j.isa;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every operation of RFC 9669 (CPU v1 to v4) plus the Femto-Container extensions 0xB8 and 0xD8.
 * One constant per distinct semantics: operations that share an opcode byte ({@code div}/{@code sdiv},
 * {@code mov}/{@code movsx8}, {@code le16}/{@code le32}, the atomics, helper and local calls) are told apart
 * by the field {@link Form#discriminator()} names, whose value is {@link #discriminator()}.
 */
public enum Op {
    ADD64_IMM(0x07, "add", Form.ALU_IMM, 1, Group.BASE64, -1, 0),
    ADD64_REG(0x0f, "add", Form.ALU_REG, 1, Group.BASE64, -1, 0),
    SUB64_IMM(0x17, "sub", Form.ALU_IMM, 1, Group.BASE64, -1, 0),
    SUB64_REG(0x1f, "sub", Form.ALU_REG, 1, Group.BASE64, -1, 0),
    MUL64_IMM(0x27, "mul", Form.ALU_IMM, 1, Group.DIVMUL64, -1, 0),
    MUL64_REG(0x2f, "mul", Form.ALU_REG, 1, Group.DIVMUL64, -1, 0),
    DIV64_IMM(0x37, "div", Form.ALU_IMM_BY_OFFSET, 1, Group.DIVMUL64, 0, 0),
    DIV64_REG(0x3f, "div", Form.ALU_REG_BY_OFFSET, 1, Group.DIVMUL64, 0, 0),
    SDIV64_IMM(0x37, "sdiv", Form.ALU_IMM_BY_OFFSET, 4, Group.DIVMUL64, 1, 0),
    SDIV64_REG(0x3f, "sdiv", Form.ALU_REG_BY_OFFSET, 4, Group.DIVMUL64, 1, 0),
    OR64_IMM(0x47, "or", Form.ALU_IMM, 1, Group.BASE64, -1, 0),
    OR64_REG(0x4f, "or", Form.ALU_REG, 1, Group.BASE64, -1, 0),
    AND64_IMM(0x57, "and", Form.ALU_IMM, 1, Group.BASE64, -1, 0),
    AND64_REG(0x5f, "and", Form.ALU_REG, 1, Group.BASE64, -1, 0),
    LSH64_IMM(0x67, "lsh", Form.ALU_IMM, 1, Group.BASE64, -1, 0),
    LSH64_REG(0x6f, "lsh", Form.ALU_REG, 1, Group.BASE64, -1, 0),
    RSH64_IMM(0x77, "rsh", Form.ALU_IMM, 1, Group.BASE64, -1, 0),
    RSH64_REG(0x7f, "rsh", Form.ALU_REG, 1, Group.BASE64, -1, 0),
    MOD64_IMM(0x97, "mod", Form.ALU_IMM_BY_OFFSET, 1, Group.DIVMUL64, 0, 0),
    MOD64_REG(0x9f, "mod", Form.ALU_REG_BY_OFFSET, 1, Group.DIVMUL64, 0, 0),
    SMOD64_IMM(0x97, "smod", Form.ALU_IMM_BY_OFFSET, 4, Group.DIVMUL64, 1, 0),
    SMOD64_REG(0x9f, "smod", Form.ALU_REG_BY_OFFSET, 4, Group.DIVMUL64, 1, 0),
    XOR64_IMM(0xa7, "xor", Form.ALU_IMM, 1, Group.BASE64, -1, 0),
    XOR64_REG(0xaf, "xor", Form.ALU_REG, 1, Group.BASE64, -1, 0),
    MOV64_IMM(0xb7, "mov", Form.ALU_IMM, 1, Group.BASE64, -1, 0),
    MOV64_REG(0xbf, "mov", Form.ALU_REG_BY_OFFSET, 1, Group.BASE64, 0, 0),
    MOVSX8_64(0xbf, "movsx864", Form.ALU_REG_BY_OFFSET, 4, Group.BASE64, 8, 0),
    MOVSX16_64(0xbf, "movsx1664", Form.ALU_REG_BY_OFFSET, 4, Group.BASE64, 16, 0),
    MOVSX32_64(0xbf, "movsx3264", Form.ALU_REG_BY_OFFSET, 4, Group.BASE64, 32, 0),
    ARSH64_IMM(0xc7, "arsh", Form.ALU_IMM, 1, Group.BASE64, -1, 0),
    ARSH64_REG(0xcf, "arsh", Form.ALU_REG, 1, Group.BASE64, -1, 0),
    NEG64(0x87, "neg", Form.UNARY, 1, Group.BASE64, -1, 0),
    ADD32_IMM(0x04, "add32", Form.ALU_IMM, 1, Group.BASE32, -1, 0),
    ADD32_REG(0x0c, "add32", Form.ALU_REG, 1, Group.BASE32, -1, 0),
    SUB32_IMM(0x14, "sub32", Form.ALU_IMM, 1, Group.BASE32, -1, 0),
    SUB32_REG(0x1c, "sub32", Form.ALU_REG, 1, Group.BASE32, -1, 0),
    MUL32_IMM(0x24, "mul32", Form.ALU_IMM, 1, Group.DIVMUL32, -1, 0),
    MUL32_REG(0x2c, "mul32", Form.ALU_REG, 1, Group.DIVMUL32, -1, 0),
    DIV32_IMM(0x34, "div32", Form.ALU_IMM_BY_OFFSET, 1, Group.DIVMUL32, 0, 0),
    DIV32_REG(0x3c, "div32", Form.ALU_REG_BY_OFFSET, 1, Group.DIVMUL32, 0, 0),
    SDIV32_IMM(0x34, "sdiv32", Form.ALU_IMM_BY_OFFSET, 4, Group.DIVMUL32, 1, 0),
    SDIV32_REG(0x3c, "sdiv32", Form.ALU_REG_BY_OFFSET, 4, Group.DIVMUL32, 1, 0),
    OR32_IMM(0x44, "or32", Form.ALU_IMM, 1, Group.BASE32, -1, 0),
    OR32_REG(0x4c, "or32", Form.ALU_REG, 1, Group.BASE32, -1, 0),
    AND32_IMM(0x54, "and32", Form.ALU_IMM, 1, Group.BASE32, -1, 0),
    AND32_REG(0x5c, "and32", Form.ALU_REG, 1, Group.BASE32, -1, 0),
    LSH32_IMM(0x64, "lsh32", Form.ALU_IMM, 1, Group.BASE32, -1, 0),
    LSH32_REG(0x6c, "lsh32", Form.ALU_REG, 1, Group.BASE32, -1, 0),
    RSH32_IMM(0x74, "rsh32", Form.ALU_IMM, 1, Group.BASE32, -1, 0),
    RSH32_REG(0x7c, "rsh32", Form.ALU_REG, 1, Group.BASE32, -1, 0),
    MOD32_IMM(0x94, "mod32", Form.ALU_IMM_BY_OFFSET, 1, Group.DIVMUL32, 0, 0),
    MOD32_REG(0x9c, "mod32", Form.ALU_REG_BY_OFFSET, 1, Group.DIVMUL32, 0, 0),
    SMOD32_IMM(0x94, "smod32", Form.ALU_IMM_BY_OFFSET, 4, Group.DIVMUL32, 1, 0),
    SMOD32_REG(0x9c, "smod32", Form.ALU_REG_BY_OFFSET, 4, Group.DIVMUL32, 1, 0),
    XOR32_IMM(0xa4, "xor32", Form.ALU_IMM, 1, Group.BASE32, -1, 0),
    XOR32_REG(0xac, "xor32", Form.ALU_REG, 1, Group.BASE32, -1, 0),
    MOV32_IMM(0xb4, "mov32", Form.ALU_IMM, 1, Group.BASE32, -1, 0),
    MOV32_REG(0xbc, "mov32", Form.ALU_REG_BY_OFFSET, 1, Group.BASE32, 0, 0),
    MOVSX8_32(0xbc, "movsx832", Form.ALU_REG_BY_OFFSET, 4, Group.BASE32, 8, 0),
    MOVSX16_32(0xbc, "movsx1632", Form.ALU_REG_BY_OFFSET, 4, Group.BASE32, 16, 0),
    ARSH32_IMM(0xc4, "arsh32", Form.ALU_IMM, 1, Group.BASE32, -1, 0),
    ARSH32_REG(0xcc, "arsh32", Form.ALU_REG, 1, Group.BASE32, -1, 0),
    NEG32(0x84, "neg32", Form.UNARY, 1, Group.BASE32, -1, 0),
    LE16(0xd4, "le16", Form.ENDIAN, 1, Group.BASE32, 16, 0),
    BE16(0xdc, "be16", Form.ENDIAN, 1, Group.BASE32, 16, 0),
    BSWAP16(0xd7, "bswap16", Form.ENDIAN, 4, Group.BASE32, 16, 0),
    LE32(0xd4, "le32", Form.ENDIAN, 1, Group.BASE32, 32, 0),
    BE32(0xdc, "be32", Form.ENDIAN, 1, Group.BASE32, 32, 0),
    BSWAP32(0xd7, "bswap32", Form.ENDIAN, 4, Group.BASE32, 32, 0),
    LE64(0xd4, "le64", Form.ENDIAN, 1, Group.BASE32, 64, 0),
    BE64(0xdc, "be64", Form.ENDIAN, 1, Group.BASE32, 64, 0),
    BSWAP64(0xd7, "bswap64", Form.ENDIAN, 4, Group.BASE32, 64, 0),
    JA(0x05, "ja", Form.JA, 1, Group.BASE32, -1, 0),
    JA32(0x06, "ja32", Form.JA32, 4, Group.BASE32, -1, 0),
    JEQ64_IMM(0x15, "jeq", Form.JUMP_IMM, 1, Group.BASE64, -1, 0),
    JEQ64_REG(0x1d, "jeq", Form.JUMP_REG, 1, Group.BASE64, -1, 0),
    JGT64_IMM(0x25, "jgt", Form.JUMP_IMM, 1, Group.BASE64, -1, 0),
    JGT64_REG(0x2d, "jgt", Form.JUMP_REG, 1, Group.BASE64, -1, 0),
    JGE64_IMM(0x35, "jge", Form.JUMP_IMM, 1, Group.BASE64, -1, 0),
    JGE64_REG(0x3d, "jge", Form.JUMP_REG, 1, Group.BASE64, -1, 0),
    JSET64_IMM(0x45, "jset", Form.JUMP_IMM, 1, Group.BASE64, -1, 0),
    JSET64_REG(0x4d, "jset", Form.JUMP_REG, 1, Group.BASE64, -1, 0),
    JNE64_IMM(0x55, "jne", Form.JUMP_IMM, 1, Group.BASE64, -1, 0),
    JNE64_REG(0x5d, "jne", Form.JUMP_REG, 1, Group.BASE64, -1, 0),
    JSGT64_IMM(0x65, "jsgt", Form.JUMP_IMM, 1, Group.BASE64, -1, 0),
    JSGT64_REG(0x6d, "jsgt", Form.JUMP_REG, 1, Group.BASE64, -1, 0),
    JSGE64_IMM(0x75, "jsge", Form.JUMP_IMM, 1, Group.BASE64, -1, 0),
    JSGE64_REG(0x7d, "jsge", Form.JUMP_REG, 1, Group.BASE64, -1, 0),
    JLT64_IMM(0xa5, "jlt", Form.JUMP_IMM, 2, Group.BASE64, -1, 0),
    JLT64_REG(0xad, "jlt", Form.JUMP_REG, 2, Group.BASE64, -1, 0),
    JLE64_IMM(0xb5, "jle", Form.JUMP_IMM, 2, Group.BASE64, -1, 0),
    JLE64_REG(0xbd, "jle", Form.JUMP_REG, 2, Group.BASE64, -1, 0),
    JSLT64_IMM(0xc5, "jslt", Form.JUMP_IMM, 2, Group.BASE64, -1, 0),
    JSLT64_REG(0xcd, "jslt", Form.JUMP_REG, 2, Group.BASE64, -1, 0),
    JSLE64_IMM(0xd5, "jsle", Form.JUMP_IMM, 2, Group.BASE64, -1, 0),
    JSLE64_REG(0xdd, "jsle", Form.JUMP_REG, 2, Group.BASE64, -1, 0),
    JEQ32_IMM(0x16, "jeq32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JEQ32_REG(0x1e, "jeq32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JGT32_IMM(0x26, "jgt32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JGT32_REG(0x2e, "jgt32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JGE32_IMM(0x36, "jge32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JGE32_REG(0x3e, "jge32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JSET32_IMM(0x46, "jset32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JSET32_REG(0x4e, "jset32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JNE32_IMM(0x56, "jne32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JNE32_REG(0x5e, "jne32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JSGT32_IMM(0x66, "jsgt32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JSGT32_REG(0x6e, "jsgt32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JSGE32_IMM(0x76, "jsge32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JSGE32_REG(0x7e, "jsge32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JLT32_IMM(0xa6, "jlt32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JLT32_REG(0xae, "jlt32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JLE32_IMM(0xb6, "jle32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JLE32_REG(0xbe, "jle32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JSLT32_IMM(0xc6, "jslt32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JSLT32_REG(0xce, "jslt32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    JSLE32_IMM(0xd6, "jsle32", Form.JUMP_IMM, 3, Group.BASE32, -1, 0),
    JSLE32_REG(0xde, "jsle32", Form.JUMP_REG, 3, Group.BASE32, -1, 0),
    CALL(0x85, "call", Form.CALL_HELPER, 1, Group.BASE32, 0, 0),
    CALL_LOCAL(0x85, "call local", Form.CALL_LOCAL, 3, Group.BASE32, 1, 0),
    CALLX(0x8d, "callx", Form.CALLX, 1, Group.CALLX, -1, 0),
    EXIT(0x95, "exit", Form.EXIT, 1, Group.BASE32, -1, 0),
    LDXW(0x61, "ldxw", Form.LOAD, 1, Group.BASE32, -1, 4),
    LDXH(0x69, "ldxh", Form.LOAD, 1, Group.BASE32, -1, 2),
    LDXB(0x71, "ldxb", Form.LOAD, 1, Group.BASE32, -1, 1),
    LDXDW(0x79, "ldxdw", Form.LOAD, 1, Group.BASE64, -1, 8),
    LDXSW(0x81, "ldxsw", Form.LOAD, 4, Group.BASE32, -1, 4),
    LDXSH(0x89, "ldxsh", Form.LOAD, 4, Group.BASE32, -1, 2),
    LDXSB(0x91, "ldxsb", Form.LOAD, 4, Group.BASE32, -1, 1),
    STW(0x62, "stw", Form.STORE_IMM, 1, Group.BASE32, -1, 4),
    STH(0x6a, "sth", Form.STORE_IMM, 1, Group.BASE32, -1, 2),
    STB(0x72, "stb", Form.STORE_IMM, 1, Group.BASE32, -1, 1),
    STDW(0x7a, "stdw", Form.STORE_IMM, 1, Group.BASE64, -1, 8),
    STXW(0x63, "stxw", Form.STORE_REG, 1, Group.BASE32, -1, 4),
    STXH(0x6b, "stxh", Form.STORE_REG, 1, Group.BASE32, -1, 2),
    STXB(0x73, "stxb", Form.STORE_REG, 1, Group.BASE32, -1, 1),
    STXDW(0x7b, "stxdw", Form.STORE_REG, 1, Group.BASE64, -1, 8),
    ATOMIC64_ADD(0xdb, "lock add", Form.ATOMIC, 3, Group.ATOMIC64, 0, 8),
    ATOMIC64_OR(0xdb, "lock or", Form.ATOMIC, 3, Group.ATOMIC64, 64, 8),
    ATOMIC64_AND(0xdb, "lock and", Form.ATOMIC, 3, Group.ATOMIC64, 80, 8),
    ATOMIC64_XOR(0xdb, "lock xor", Form.ATOMIC, 3, Group.ATOMIC64, 160, 8),
    ATOMIC64_FETCH_ADD(0xdb, "lock fetch add", Form.ATOMIC, 3, Group.ATOMIC64, 1, 8),
    ATOMIC64_FETCH_OR(0xdb, "lock fetch or", Form.ATOMIC, 3, Group.ATOMIC64, 65, 8),
    ATOMIC64_FETCH_AND(0xdb, "lock fetch and", Form.ATOMIC, 3, Group.ATOMIC64, 81, 8),
    ATOMIC64_FETCH_XOR(0xdb, "lock fetch xor", Form.ATOMIC, 3, Group.ATOMIC64, 161, 8),
    ATOMIC64_XCHG(0xdb, "lock xchg", Form.ATOMIC, 3, Group.ATOMIC64, 225, 8),
    ATOMIC64_CMPXCHG(0xdb, "lock cmpxchg", Form.ATOMIC, 3, Group.ATOMIC64, 241, 8),
    ATOMIC32_ADD(0xc3, "lock add32", Form.ATOMIC, 3, Group.ATOMIC32, 0, 4),
    ATOMIC32_OR(0xc3, "lock or32", Form.ATOMIC, 3, Group.ATOMIC32, 64, 4),
    ATOMIC32_AND(0xc3, "lock and32", Form.ATOMIC, 3, Group.ATOMIC32, 80, 4),
    ATOMIC32_XOR(0xc3, "lock xor32", Form.ATOMIC, 3, Group.ATOMIC32, 160, 4),
    ATOMIC32_FETCH_ADD(0xc3, "lock fetch add32", Form.ATOMIC, 3, Group.ATOMIC32, 1, 4),
    ATOMIC32_FETCH_OR(0xc3, "lock fetch or32", Form.ATOMIC, 3, Group.ATOMIC32, 65, 4),
    ATOMIC32_FETCH_AND(0xc3, "lock fetch and32", Form.ATOMIC, 3, Group.ATOMIC32, 81, 4),
    ATOMIC32_FETCH_XOR(0xc3, "lock fetch xor32", Form.ATOMIC, 3, Group.ATOMIC32, 161, 4),
    ATOMIC32_XCHG(0xc3, "lock xchg32", Form.ATOMIC, 3, Group.ATOMIC32, 225, 4),
    ATOMIC32_CMPXCHG(0xc3, "lock cmpxchg32", Form.ATOMIC, 3, Group.ATOMIC32, 241, 4),
    LDDW(0x18, "lddw", Form.WIDE, 1, Group.BASE64, -1, 0),
    LDDW_DATA(0xb8, "lddwd", Form.WIDE, 1, Group.FEMTO_SECTIONS, -1, 0),
    LDDW_RODATA(0xd8, "lddwr", Form.WIDE, 1, Group.FEMTO_SECTIONS, -1, 0),
    WIDE_HI(0x00, "(lddw high half)", Form.WIDE_HI, 1, Group.BASE32, -1, 0);

    /** Instruction classes (the low three bits of the opcode). */
    public static final int CLASS_LD = 0, CLASS_LDX = 1, CLASS_ST = 2, CLASS_STX = 3,
            CLASS_ALU = 4, CLASS_JMP = 5, CLASS_JMP32 = 6, CLASS_ALU64 = 7;

    private static final List<List<Op>> BY_OPCODE;

    static {
        List<List<Op>> table = new ArrayList<>(256);
        for (int i = 0; i < 256; i++) {
            table.add(new ArrayList<>(2));
        }
        for (Op op : values()) {
            if (op != WIDE_HI) {
                table.get(op.opcode).add(op);
            }
        }
        for (int i = 0; i < 256; i++) {
            table.set(i, List.copyOf(table.get(i)));
        }
        BY_OPCODE = Collections.unmodifiableList(table);
    }

    private final int opcode;
    private final String mnemonic;
    private final Form form;
    private final int cpuVersion;
    private final Group group;
    private final int discriminator;
    private final int accessSize;

    Op(int opcode, String mnemonic, Form form, int cpuVersion, Group group, int discriminator, int accessSize) {
        this.opcode = opcode;
        this.mnemonic = mnemonic;
        this.form = form;
        this.cpuVersion = cpuVersion;
        this.group = group;
        this.discriminator = discriminator;
        this.accessSize = accessSize;
    }

    /** The opcode byte. */
    public int opcode() { return opcode; }

    /** The assembler mnemonic, as the conformance suite writes it. */
    public String mnemonic() { return mnemonic; }

    public Form form() { return form; }

    /** The lowest CPU version (1 to 4) that has this operation. */
    public int cpuVersion() { return cpuVersion; }

    public Group group() { return group; }

    /** Value of the discriminating field, or -1 when the opcode byte alone decides. */
    public int discriminator() { return discriminator; }

    /** Bytes read or written by a load, store or atomic; 0 for other operations. */
    public int accessSize() { return accessSize; }

    /** The instruction class: one of the {@code CLASS_*} constants. */
    public int instructionClass() { return opcode & 0x07; }

    /** True for operations that occupy two slots ({@code lddw}, 0xB8, 0xD8). */
    public boolean isWide() { return form == Form.WIDE; }

    /** True for ALU operations on the low 32 bits (whose results are zero-extended). */
    public boolean is32() {
        int cls = instructionClass();
        return cls == CLASS_ALU || cls == CLASS_JMP32 || (accessSize == 4 && form == Form.ATOMIC);
    }

    /** True for conditional and unconditional jumps (not calls or exit). */
    public boolean isJump() {
        return form == Form.JA || form == Form.JA32 || form == Form.JUMP_IMM || form == Form.JUMP_REG;
    }

    /** True for operations that write register dst. */
    public boolean writesDst() {
        switch (form) {
            case ALU_IMM: case ALU_REG: case ALU_IMM_BY_OFFSET: case ALU_REG_BY_OFFSET:
            case UNARY: case ENDIAN: case LOAD: case WIDE:
                return true;
            default:
                return false;
        }
    }

    /** Operations whose opcode byte is {@code opcode}, in declaration order; empty for unknown opcodes. */
    public static List<Op> withOpcode(int opcode) {
        return BY_OPCODE.get(opcode & 0xff);
    }

    /**
     * The operation these fields select: the candidate of {@code opcode} whose discriminator the field holds; else,
     * when {@code legacyOffsets} and the offset discriminates, the plain operation (before CPU v4 an ALU
     * operation's offset was unused, and legacy images may carry junk there: a v1-v3 machine ran div, mod, mov);
     * null if none. The one rule of the decoder and of {@link Program}'s raw words.
     */
    static Op selectedBy(int opcode, int src, int offset, int imm, boolean legacyOffsets) {
        List<Op> candidates = withOpcode(opcode);
        if (candidates.isEmpty()) {
            return null;
        }
        Form.Discriminator disc = candidates.get(0).form().discriminator();
        if (disc == Form.Discriminator.NONE) {
            return candidates.get(0);
        }
        int value = disc.in(src, offset, imm);
        for (Op op : candidates) {
            if (op.discriminator() == value) {
                return op;
            }
        }
        if (legacyOffsets && disc == Form.Discriminator.OFFSET) {
            for (Op op : candidates) {
                if (op.discriminator() == 0) {
                    return op;
                }
            }
        }
        return null;
    }
}
