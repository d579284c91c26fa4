package io.femto4j.verifier;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.POLICY;
import static io.femto4j.verifier.Expect.accepted;
import static io.femto4j.verifier.Expect.rejected;
import static io.femto4j.verifier.Expect.verify;

/** Length, opcodes, selectors, registers, unused fields, two-slot loads, byte-swap widths. */
class EncodingChecksTest {

    @Test
    void emptyBytecode() {
        rejected(Verifier.verify(new byte[0], POLICY),
                "program: error: the program has no instructions; it needs at least an exit [empty-program]");
    }

    @Test
    void emptyProgram() {
        rejected(Verifier.verify(program(), POLICY),
                "program: error: the program has no instructions; it needs at least an exit [empty-program]");
    }

    @Test
    void lengthNotAMultipleOfEight() {
        rejected(Verifier.verify(new byte[13], POLICY),
                "program: error: the program is 13 bytes, not a multiple of 8 (each instruction slot is 8 "
                        + "bytes): the image is truncated or its text section offset or length is wrong [bad-length]");
    }

    @Test
    void longerThanThePolicyAllows() {
        Policy four = Policy.parse("max-insns=4");
        rejected(verify(program(mov(0, 0), mov(0, 1), mov(0, 2), mov(0, 3), exit()), four),
                "program: error: the program has 5 instructions but the policy allows at most 4: split it or "
                        + "raise max-insns [too-long]");
        accepted(verify(program(mov(0, 0), mov(0, 1), mov(0, 2), exit()), four));
    }

    @Test
    void unknownOpcode() {
        rejected(Verifier.verify(hex("b700000000000000", "ff00000000000000", "9500000000000000"), POLICY),
                "insn 1: error: unknown opcode 0xff: no RFC 9669 or Femto-Container operation has it; the "
                        + "image is corrupt, from another ISA, or its text section offset is wrong [unknown-opcode]");
    }

    @Test
    void opcodeZeroWithoutAWideLoadBeforeIt() {
        rejected(Verifier.verify(hex("0000000001000000", "9500000000000000"), POLICY),
                "insn 0: error: opcode 0x00 is only valid as the second slot of lddw, lddwd or lddwr, and no "
                        + "such load precedes it: the image is corrupt or a jump table was misread as code "
                        + "[unknown-opcode]");
    }

    @Test
    void selectorThatPicksNoOperation() {
        // sdiv is offset 1; offset 2 means nothing
        rejected(Verifier.verify(hex("3700020002000000", "9500000000000000"), POLICY),
                "insn 0: error: opcode 0x37 with offset 2 selects no operation; the offset field must be 0 "
                        + "(div) or 1 (sdiv) [unknown-opcode]");
        // atomic operation 0x02 does not exist
        rejected(Verifier.verify(hex("db1af8ff02000000", "9500000000000000"), POLICY),
                "insn 0: error: opcode 0xdb with imm 2 selects no operation; the imm field must be 0 (lock "
                        + "add), 64 (lock or), 80 (lock and), 160 (lock xor), 1 (lock fetch add), 65 (lock fetch or), "
                        + "81 (lock fetch and), 161 (lock fetch xor), 225 (lock xchg) or 241 (lock cmpxchg) "
                        + "[unknown-opcode]");
        // call with src 2 (a kernel kfunc call) is neither a helper nor a local call
        rejected(Verifier.verify(hex("8520000001000000", "9500000000000000"), POLICY),
                "insn 0: error: opcode 0x85 with src 2 selects no operation; the src field must be 0 (call) "
                        + "or 1 (call local) [unknown-opcode]");
    }

    @Test
    void registersBeyondR10() {
        rejected(Verifier.verify(hex("b70b000000000000", "9500000000000000"), POLICY),
                "insn 0: error: mov: the dst field names r11, which does not exist: registers are r0 to r10 "
                        + "[bad-register]");
        rejected(verify(program(insn(Op.ADD64_REG, 0, 12, 0, 0), exit())),
                "insn 0: error: add: the src field names r12, which does not exist: registers are r0 to r10 "
                        + "[bad-register]");
        // an unused register field is an unused-field matter, not a register one
        rejected(Verifier.verify(hex("95f0000000000000"), POLICY),
                "insn 0: error: exit has non-zero unused fields (src=15); they must be 0: fix the encoder, "
                        + "or verify legacy images with a lenient policy [unused-field-not-zero]");
        accepted(Verifier.verify(hex("95f0000000000000"), POLICY.withStrict(false)));
    }

    @Test
    void unusedFieldsStrictRejectsLenientAccepts() {
        var program = program(insn(Op.EXIT, 1, 0, 3, 5));
        rejected(verify(program),
                "insn 0: error: exit has non-zero unused fields (dst=1, offset=3, imm=5); they must be 0: "
                        + "fix the encoder, or verify legacy images with a lenient policy [unused-field-not-zero]");
        accepted(verify(program, POLICY.withStrict(false)));
    }

    @Test
    void wideLoadInTheLastSlot() {
        rejected(Verifier.verify(hex("9500000000000000", "1800000001000000"), POLICY),
                "insn 1: error: lddw is the last slot, so its second slot (the high 32 bits) is missing: a "
                        + "64-bit load takes two slots (16 bytes) [bad-wide-load]",
                "insn 1: warning: this instruction can never run: no path from the entry reaches it; "
                        + "remove dead code [unreachable-code]");
    }

    @Test
    void wideLoadWhoseSecondSlotIsAnInstruction() {
        rejected(Verifier.verify(hex("1800000001000000", "9500000000000000", "9500000000000000"), POLICY),
                "insn 0: error: lddw needs a second slot with opcode 0x00 holding the high 32 bits, but slot "
                        + "1 has opcode 0x95: a 64-bit load takes two slots (16 bytes) [bad-wide-load]");
    }

    @Test
    void wideLoadSecondSlotWithUnusedFields() {
        byte[] code = hex("1800000001000000", "0001020002000000", "9500000000000000");
        rejected(Verifier.verify(code, POLICY),
                "insn 1: error: the second slot of the lddw at 0 has non-zero unused fields (dst=1, "
                        + "offset=2); only its imm is used and the rest must be 0: fix the encoder, or verify legacy "
                        + "images with a lenient policy [unused-field-not-zero]");
        accepted(Verifier.verify(code, POLICY.withStrict(false)));
    }

    @Test
    void lddwPseudoLoadsAreNeverAllowed() {
        byte[] mapByFd = hex("1810000001000000", "0000000000000000", "9500000000000000");
        rejected(Verifier.verify(mapByFd, POLICY),
                "insn 0: error: lddw with src=1 is a kernel pseudo-load (map, BTF or function reference) "
                        + "that this VM does not resolve: build the image without maps; the rbf converter turns "
                        + ".data/.rodata references into lddwd/lddwr [bad-wide-load]");
        rejected(Verifier.verify(mapByFd, POLICY.withStrict(false)),
                "insn 0: error: lddw with src=1 is a kernel pseudo-load (map, BTF or function reference) "
                        + "that this VM does not resolve: build the image without maps; the rbf converter turns "
                        + ".data/.rodata references into lddwd/lddwr [bad-wide-load]");
    }

    @Test
    void femtoSectionLoadsAreWideToo() {
        accepted(verify(program(wide(Op.LDDW_DATA, 1, 8), wide(Op.LDDW_RODATA, 2, 0), mov(0, 0), exit())));
        rejected(Verifier.verify(hex("b801000008000000", "9500000000000000"), POLICY),
                "insn 0: error: lddwd needs a second slot with opcode 0x00 holding the high 32 bits, but "
                        + "slot 1 has opcode 0x95: a 64-bit load takes two slots (16 bytes) [bad-wide-load]",
                "insn 0: error: after this lddwd, execution runs past the end of the program: end "
                        + "every path of the program with exit [falls-off-end]");
    }

    @Test
    void byteSwapWidths() {
        rejected(Verifier.verify(hex("d401000008000000", "9500000000000000"), POLICY),
                "insn 0: error: le: width 8 is not 16, 32 or 64; the imm field of a byte swap holds the "
                        + "width in bits [bad-endian-width]");
        rejected(Verifier.verify(hex("dc01000000000000", "9500000000000000"), POLICY),
                "insn 0: error: be: width 0 is not 16, 32 or 64; the imm field of a byte swap holds the "
                        + "width in bits [bad-endian-width]");
        rejected(Verifier.verify(hex("d701000020000000", "d701000030000000", "9500000000000000"), POLICY),
                "insn 1: error: bswap: width 48 is not 16, 32 or 64; the imm field of a byte swap holds the "
                        + "width in bits [bad-endian-width]");
        accepted(verify(program(insn(Op.LE16, 1, 0, 0, 16), insn(Op.BE32, 1, 0, 0, 32), insn(Op.BSWAP64, 1, 0, 0, 64),
                mov(0, 0), exit())));
    }

    @Test
    void recordsWhoseOperationDisagreesWithTheirFields() {
        rejected(Verifier.verify(program(insn(Op.MOV64_REG, 0, 1, 8, 0), exit()), POLICY),
                "insn 0: error: the instruction is mov but its fields encode movsx864: set the fields that "
                        + "select mov (offset = 0) [operation-mismatch]");
        rejected(Verifier.verify(program(insn(Op.LE16, 0, 0, 0, 32), exit()), POLICY),
                "insn 0: error: the instruction is le16 but its fields encode le32: set the fields that "
                        + "select le16 (imm = 16) [operation-mismatch]");
        rejected(Verifier.verify(program(insn(Op.CALL, 0, 1, 0, 0), exit()), POLICY),
                "insn 0: error: the instruction is call but its fields encode call local: set the fields "
                        + "that select call (src = 0) [operation-mismatch]");
    }

    @Test
    void offsetOfAluOperationsIsUnusedBeforeV4() {
        // mov64 r0, r1 with offset 1: below v4 the offset is reserved, so only strictness decides
        byte[] code = hex("bf10010000000000", "9500000000000000");
        rejected(Verifier.verify(code, Policy.parse("v3")),
                "insn 0: error: mov has non-zero unused fields (offset=1); they must be 0: fix the encoder, "
                        + "or verify legacy images with a lenient policy [unused-field-not-zero]");
        accepted(Verifier.verify(code, Policy.parse("v3,lenient")));
        // offset 8 selects movsx8, a v4 operation: never silently run as mov
        rejected(Verifier.verify(hex("bf10080000000000", "9500000000000000"), Policy.parse("v3,lenient")),
                "insn 0: error: movsx864 needs CPU v4 but the policy allows up to v3: compile for CPU v3 "
                        + "(clang -mcpu=v3) or allow v4 in the policy [opcode-not-allowed]");
        // div with offset 1 is sdiv, also v4
        rejected(Verifier.verify(hex("3700010002000000", "9500000000000000"), Policy.parse("v3,lenient")),
                "insn 0: error: sdiv needs CPU v4 but the policy allows up to v3: compile for CPU v3 (clang "
                        + "-mcpu=v3) or allow v4 in the policy [opcode-not-allowed]");
    }
}
