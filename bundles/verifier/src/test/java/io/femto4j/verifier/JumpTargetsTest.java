package io.femto4j.verifier;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.accepted;
import static io.femto4j.verifier.Expect.rejected;
import static io.femto4j.verifier.Expect.verify;

/** Jump and call targets: pc + offset + 1 (pc + imm + 1 for ja32 and call local) must be an instruction start. */
class JumpTargetsTest {

    @Test
    void jumpToExactlyTheProgramLengthIsOutside() {
        // upstream's off-by-one: with 4 instructions, target 4 is past the end and target 3 is the last one
        rejected(verify(program(mov(0, 0), jeq(1, 0, 2), mov(0, 1), exit())),
                "insn 1: error: jump target 4 is outside the program (4 instructions): jeq offset 2 must "
                        + "give a target from 0 to 3 (target = pc + offset + 1) [jump-out-of-program]");
        accepted(verify(program(mov(0, 0), jeq(1, 0, 1), mov(0, 1), exit())));
    }

    @Test
    void jumpBeforeTheStart() {
        rejected(verify(program(mov(0, 0), ja(-3), exit())),
                "insn 1: error: jump target -1 is outside the program (3 instructions): ja offset -3 must "
                        + "give a target from 0 to 2 (target = pc + offset + 1) [jump-out-of-program]",
                "insn 2: warning: this instruction can never run: no path from the entry reaches it; "
                        + "remove dead code [unreachable-code]");
        accepted(verify(program(mov(0, 0), jeq(0, 1, -2), exit())));
    }

    @Test
    void extremeDisplacements() {
        rejected(verify(program(ja(Short.MAX_VALUE), exit())),
                "insn 0: error: jump target 32768 is outside the program (2 instructions): ja offset 32767 "
                        + "must give a target from 0 to 1 (target = pc + offset + 1) [jump-out-of-program]",
                "insn 1: warning: this instruction can never run: no path from the entry reaches it; "
                        + "remove dead code [unreachable-code]");
        rejected(verify(program(ja(Short.MIN_VALUE), exit())),
                "insn 0: error: jump target -32767 is outside the program (2 instructions): ja offset -32768 "
                        + "must give a target from 0 to 1 (target = pc + offset + 1) [jump-out-of-program]",
                "insn 1: warning: this instruction can never run: no path from the entry reaches it; "
                        + "remove dead code [unreachable-code]");
        // pc + imm + 1 overflows an int: computed as a long, still reported as outside
        rejected(verify(program(mov(0, 0), ja32(Integer.MAX_VALUE), exit())),
                "insn 1: error: jump target 2147483649 is outside the program (3 instructions): ja32 imm "
                        + "2147483647 must give a target from 0 to 2 (target = pc + imm + 1) [jump-out-of-program]",
                "insn 2: warning: this instruction can never run: no path from the entry reaches it; "
                        + "remove dead code [unreachable-code]");
        rejected(verify(program(mov(0, 0), callLocal(Integer.MIN_VALUE), exit())),
                "insn 1: error: call target -2147483646 is outside the program (3 instructions): call local "
                        + "imm -2147483648 must give a target from 0 to 2 (target = pc + imm + 1) "
                        + "[jump-out-of-program]");
        accepted(verify(program(mov(0, 0), ja32(0), exit())));
    }

    @Test
    void callBeyondTheEnd() {
        rejected(verify(program(mov(0, 0), callLocal(2), exit())),
                "insn 1: error: call target 4 is outside the program (3 instructions): call local imm 2 must "
                        + "give a target from 0 to 2 (target = pc + imm + 1) [jump-out-of-program]");
    }

    @Test
    void jumpIntoTheSecondHalfOfAWideLoad() {
        rejected(verify(program(jeq(1, 0, 1), lddw(0, 0x1_0000_0001L), exit())),
                "insn 0: error: jump target 2 is the second slot of the lddw at 1, not an instruction: jump "
                        + "to 1 (offset 0) or past it [jump-into-wide-load]");
        rejected(verify(program(lddw(0, 7), ja(-2), exit())),
                "insn 2: error: jump target 1 is the second slot of the lddw at 0, not an instruction: jump "
                        + "to 0 (offset -3) or past it [jump-into-wide-load]",
                "insn 3: warning: this instruction can never run: no path from the entry reaches it; "
                        + "remove dead code [unreachable-code]");
        rejected(verify(program(mov(0, 0), ja32(1), wide(Op.LDDW_DATA, 0, 0), exit())),
                "insn 1: error: jump target 3 is the second slot of the lddwd at 2, not an instruction: jump "
                        + "to 2 (imm 0) or past it [jump-into-wide-load]",
                "insn 2: warning: instructions 2 to 4 can never run: no path from the entry reaches "
                        + "them; remove dead code [unreachable-code]");
        accepted(verify(program(jeq(1, 0, 2), lddw(0, 0x1_0000_0001L), exit())));
        accepted(verify(program(jeq(1, 0, 0), lddw(0, 0x1_0000_0001L), exit())));
    }

    @Test
    void callIntoTheSecondHalfOfAWideLoad() {
        rejected(verify(program(callLocal(3), mov(0, 0), exit(), lddw(0, 1), exit())),
                "insn 0: error: call target 4 is the second slot of the lddw at 3, not an instruction: call "
                        + "to 3 (imm 2) or past it [jump-into-wide-load]",
                "insn 3: warning: instructions 3 to 5 can never run: no path from the entry reaches "
                        + "them; remove dead code [unreachable-code]");
    }
}
