package io.femto4j.verifier;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.accepted;
import static io.femto4j.verifier.Expect.verify;

/**
 * Shift counts and division by constant zero. RFC 9669 defines both (shift counts are masked, x / 0 is 0, x % 0
 * is x), and the conformance suite tests them, so they are warnings: the program is accepted, the author told.
 */
class ConstantsTest {

    @Test
    void shiftCountsWithinTheOperandWidthAreSilent() {
        accepted(verify(program(mov(0, 1), insn(Op.LSH64_IMM, 0, 0, 0, 63), insn(Op.RSH32_IMM, 0, 0, 0, 31),
                insn(Op.ARSH64_IMM, 0, 0, 0, 0), exit())));
    }

    @Test
    void shiftCountsOutsideTheOperandWidthWarn() {
        accepted(verify(program(mov(0, 1),
                        insn(Op.LSH32_IMM, 0, 0, 0, 32),
                        insn(Op.RSH64_IMM, 0, 0, 0, 64),
                        insn(Op.ARSH32_IMM, 0, 0, 0, -1),
                        insn(Op.LSH64_IMM, 0, 0, 0, Integer.MIN_VALUE),
                        exit())),
                "insn 1: warning: lsh32 by 32 is outside 0 to 31: the VM shifts by 0 (the count "
                        + "masked to 5 bits, as RFC 9669 says); write that count if it is what you mean "
                        + "[shift-out-of-range]",
                "insn 2: warning: rsh by 64 is outside 0 to 63: the VM shifts by 0 (the count masked "
                        + "to 6 bits, as RFC 9669 says); write that count if it is what you mean "
                        + "[shift-out-of-range]",
                "insn 3: warning: arsh32 by -1 is outside 0 to 31: the VM shifts by 31 (the count "
                        + "masked to 5 bits, as RFC 9669 says); write that count if it is what you mean "
                        + "[shift-out-of-range]",
                "insn 4: warning: lsh by -2147483648 is outside 0 to 63: the VM shifts by 0 (the "
                        + "count masked to 6 bits, as RFC 9669 says); write that count if it is what you mean "
                        + "[shift-out-of-range]");
    }

    @Test
    void divisionAndModuloByConstantZeroWarn() {
        accepted(verify(program(mov(0, 1),
                        insn(Op.DIV64_IMM, 0, 0, 0, 0),
                        insn(Op.SDIV32_IMM, 0, 0, 1, 0),
                        insn(Op.MOD32_IMM, 0, 0, 0, 0),
                        insn(Op.SMOD64_IMM, 0, 0, 1, 0),
                        insn(Op.DIV64_REG, 0, 1, 0, 0),
                        insn(Op.DIV64_IMM, 0, 0, 0, 3),
                        exit())),
                "insn 1: warning: div by the constant 0 does not trap: RFC 9669 defines the result "
                        + "as 0; divide by a non-zero constant or drop it [division-by-zero]",
                "insn 2: warning: sdiv32 by the constant 0 does not trap: RFC 9669 defines the "
                        + "result as 0; divide by a non-zero constant or drop it [division-by-zero]",
                "insn 3: warning: mod32 by the constant 0 does not trap: RFC 9669 leaves dst "
                        + "unchanged (truncated to 32 bits); use a non-zero constant or drop it "
                        + "[division-by-zero]",
                "insn 4: warning: smod by the constant 0 does not trap: RFC 9669 leaves dst "
                        + "unchanged; use a non-zero constant or drop it [division-by-zero]");
    }
}
