package io.femto4j.vm;

/**
 * The VM's internal operations. Programs are translated once, at load, into one {@code long} word per instruction
 * slot in this layout, so the interpreter decodes a slot with a few shifts and no object access:
 * <pre>
 *   bits  0..7   internal op (below)
 *   bits  8..11  dst register
 *   bits 12..15  src register
 *   bits 16..31  signed 16-bit offset (memory offset, or relative jump offset)
 *   bits 32..63  signed 32-bit immediate (or an index into a side table, per op)
 * </pre>
 * Operations are split more finely than eBPF's (e.g. stack accesses the VM proved safe, div by an immediate
 * known not to be zero) so that each case of the interpreter's switch does one thing with no run-time decisions.
 */
final class Ops {
    private Ops() {
    }

    // Misc. INVALID: imm indexes the reasons table. MISSING_SECTION: imm 0 = .data, 1 = .rodata.
    static final int INVALID = 0, NOP = 1, MISSING_SECTION = 2, UNKNOWN_HELPER = 3;

    // 64-bit ALU, immediate operand sign-extended to 64 bits. DIV/MOD by an immediate 0 never reach these.
    static final int ADD_I = 4, SUB_I = 5, MUL_I = 6, DIV_I = 7, SDIV_I = 8, MOD_I = 9, SMOD_I = 10, OR_I = 11,
            AND_I = 12, XOR_I = 13, LSH_I = 14, RSH_I = 15, ARSH_I = 16, MOV_I = 17;
    // 64-bit ALU, register operand.
    static final int ADD_R = 18, SUB_R = 19, MUL_R = 20, DIV_R = 21, SDIV_R = 22, MOD_R = 23, SMOD_R = 24, OR_R = 25,
            AND_R = 26, XOR_R = 27, LSH_R = 28, RSH_R = 29, ARSH_R = 30, MOV_R = 31, MOVSX8 = 32, MOVSX16 = 33,
            MOVSX32 = 34, NEG = 35;
    // 32-bit ALU, immediate.
    static final int ADD32_I = 36, SUB32_I = 37, MUL32_I = 38, DIV32_I = 39, SDIV32_I = 40, MOD32_I = 41,
            SMOD32_I = 42, OR32_I = 43, AND32_I = 44, XOR32_I = 45, LSH32_I = 46, RSH32_I = 47, ARSH32_I = 48,
            MOV32_I = 49;
    // 32-bit ALU, register.
    static final int ADD32_R = 50, SUB32_R = 51, MUL32_R = 52, DIV32_R = 53, SDIV32_R = 54, MOD32_R = 55,
            SMOD32_R = 56, OR32_R = 57, AND32_R = 58, XOR32_R = 59, LSH32_R = 60, RSH32_R = 61, ARSH32_R = 62,
            MOV32_R = 63, MOVSX8_32 = 64, MOVSX16_32 = 65, NEG32 = 66;
    // Byte order: le16/le32 only zero-extend; be and bswap reverse (this VM is little-endian).
    static final int ZEXT16 = 67, ZEXT32 = 68, BSWAP16 = 69, BSWAP32 = 70, BSWAP64 = 71;
    // Jumps: JA's relative target is in imm (so ja32 is the same op); conditional jumps use the offset.
    static final int JA = 72;
    static final int JEQ_I = 73, JGT_I = 74, JGE_I = 75, JSET_I = 76, JNE_I = 77, JSGT_I = 78, JSGE_I = 79,
            JLT_I = 80, JLE_I = 81, JSLT_I = 82, JSLE_I = 83;
    static final int JEQ_R = 84, JGT_R = 85, JGE_R = 86, JSET_R = 87, JNE_R = 88, JSGT_R = 89, JSGE_R = 90,
            JLT_R = 91, JLE_R = 92, JSLT_R = 93, JSLE_R = 94;
    static final int JEQ32_I = 95, JGT32_I = 96, JGE32_I = 97, JSET32_I = 98, JNE32_I = 99, JSGT32_I = 100,
            JSGE32_I = 101, JLT32_I = 102, JLE32_I = 103, JSLT32_I = 104, JSLE32_I = 105;
    static final int JEQ32_R = 106, JGT32_R = 107, JGE32_R = 108, JSET32_R = 109, JNE32_R = 110, JSGT32_R = 111,
            JSGE32_R = 112, JLT32_R = 113, JLE32_R = 114, JSLT32_R = 115, JSLE32_R = 116;
    // Calls. CALL: imm is the helper's dense index. CALL_LOCAL: imm is the relative target.
    static final int CALL = 117, CALLX = 118, CALL_LOCAL = 119, EXIT = 120;
    // 64-bit constant load; imm indexes the constants table (lddw, and 0xB8/0xD8 resolved at load).
    static final int LDDW = 121;
    // Loads and stores checked at run time against the stack and the regions.
    static final int LDXB = 122, LDXH = 123, LDXW = 124, LDXDW = 125, LDXSB = 126, LDXSH = 127, LDXSW = 128;
    static final int STB = 129, STH = 130, STW = 131, STDW = 132, STXB = 133, STXH = 134, STXW = 135, STXDW = 136;
    // The same through r10 with an offset the VM proved inside the current frame: no run-time check needed.
    static final int LDXB_FP = 137, LDXH_FP = 138, LDXW_FP = 139, LDXDW_FP = 140, LDXSB_FP = 141, LDXSH_FP = 142,
            LDXSW_FP = 143;
    static final int STB_FP = 144, STH_FP = 145, STW_FP = 146, STDW_FP = 147, STXB_FP = 148, STXH_FP = 149,
            STXW_FP = 150, STXDW_FP = 151;
    // Atomics: imm is the RFC 9669 atomic operation code.
    static final int ATOMIC32 = 152, ATOMIC64 = 153;

    // Ends a partial unit at budget exhaustion (see Vm.execute); never in a translated program.
    static final int TRAP = 154;

    // Two adjacent simple instructions run without a trip round the main loop (see Translator.fuse): the word is the
    // first one's with its op moved to the offset field; the second is read from the next slot, which keeps its own
    // word, and dispatched by a second, smaller switch (a packed pair, below, needs no second dispatch).
    static final int PAIR = 155;

    // A load (ldxb/h/w/dw) and a simple instruction: the load's word with op PAIR_LOAD and the access size in imm.
    static final int PAIR_LOAD = 156;

    // Packed pairs: two adjacent instructions in one word, run by one dispatch (see Translator.pack). Named after
    // their two ops; the second's operands sit in fields the first does not use.
    static final int ADDI_MOV32R = 157, ADD32R_ADDI = 158, ADD32R_MOV32R = 159, MOVR_ADDI = 160, MOV32I_MOV32R = 161,
            LSH32I_ARSH32I = 162, ARSH32I_ADD32R = 163, MOV32R_JLTR = 164;

    static final int COUNT = 165;

    /**
     * Ops a PAIR can start with, and (with the jumps below) end with: the register arithmetic compilers emit most.
     * The list is short because each entry costs bytecode in the dispatch loop, which must stay under 8000 bytes.
     * mov32 imm is the commonest instruction of the compiled examples in sdk/examples (55 of 336).
     */
    static boolean pairable(int op) {
        switch (op) {
            case ADD_I: case AND_I: case LSH_I: case RSH_I: case MOV_I: case ADD_R: case SUB_R: case MOV_R:
            case ADD32_I: case ADD32_R: case MOV32_R: case MOV32_I:
                return true;
            default:
                return false;
        }
    }

    /**
     * Conditional jumps a PAIR can end with: the common ones. In the compiled examples (sdk/examples, clang -O2)
     * the jumps after a pairable instruction are mostly 32-bit compares with an immediate (jslt32 10, jgt32 8,
     * jsgt32 8 of 44), then jeq, jlt and jlt reg (the loop of fletcher32); the conformance suite's are jne/jeq.
     */
    static boolean pairableJump(int op) {
        switch (op) {
            case JA: case JEQ_I: case JNE_I: case JGT_I: case JLT_I: case JSGT_I: case JSLT_I: case JEQ_R: case JNE_R:
            case JGT_R: case JLT_R: case JGT32_I: case JSGT32_I: case JSLT32_I:
                return true;
            default:
                return false;
        }
    }

    static long word(int op, int dst, int src, int offset, long imm) {
        return (op & 0xffL) | (dst & 0xfL) << 8 | (src & 0xfL) << 12 | (offset & 0xffffL) << 16 | imm << 32;
    }

    static int op(long w) {
        return (int) w & 0xff;
    }

    static int dst(long w) {
        return (int) w >>> 8 & 15;
    }

    static int src(long w) {
        return (int) w >>> 12 & 15;
    }

    static int offset(long w) {
        return (short) (w >>> 16);
    }

    static int imm(long w) {
        return (int) (w >> 32);
    }
}
