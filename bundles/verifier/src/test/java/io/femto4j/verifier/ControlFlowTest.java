package io.femto4j.verifier;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.accepted;
import static io.femto4j.verifier.Expect.rejected;
import static io.femto4j.verifier.Expect.verify;

/** Every reachable path must end in exit; jumps stay in their function; dead code is pointed out. */
class ControlFlowTest {

    @Test
    void noExitAtAll() {
        rejected(verify(program(mov(0, 0))),
                "insn 0: error: after this mov, execution runs past the end of the program: end every path "
                        + "of the program with exit [falls-off-end]");
    }

    @Test
    void conditionalJumpAsTheLastReachableInstruction() {
        rejected(verify(program(mov(0, 0), jeq(0, 0, -2))),
                "insn 1: error: when this jeq is not taken, execution runs past the end of the program: end "
                        + "every path of the program with exit [falls-off-end]");
    }

    @Test
    void oneBranchEndsTheOtherRunsOff() {
        rejected(verify(program(jeq(1, 0, 1), exit(), mov(0, 1))),
                "insn 2: error: after this mov, execution runs past the end of the program: end every path "
                        + "of the program with exit [falls-off-end]");
    }

    @Test
    void wideLoadAtTheEndOfAPath() {
        rejected(verify(program(mov(0, 0), lddw(0, 1))),
                "insn 1: error: after this lddw, execution runs past the end of the program: end every path "
                        + "of the program with exit [falls-off-end]");
    }

    @Test
    void exitNeedNotBeLast() {
        // the conformance suite's exit-not-last: the last slot is a ja back into the program
        accepted(verify(program(mov(1, 0), ja(2), mov(2, 0), exit(), mov(0, 0), ja(-4))));
    }

    @Test
    void loopsAreTheBudgetsBusinessNotTheVerifiers() {
        accepted(verify(program(ja(-1), exit())),
                "insn 1: warning: this instruction can never run: no path from the entry reaches it; remove "
                        + "dead code [unreachable-code]");
        accepted(verify(program(mov(0, 0), add(0, 1), jeq(0, 0, -2), exit())));
    }

    @Test
    void deadCodeNeedNotEndInExit() {
        accepted(verify(program(mov(0, 0), exit(), mov(0, 1))),
                "insn 2: warning: this instruction can never run: no path from the entry reaches it; remove "
                        + "dead code [unreachable-code]");
    }

    @Test
    void calleeRunsOffTheEnd() {
        rejected(verify(program(callLocal(1), exit(), mov(0, 1))),
                "insn 2: error: after this mov, execution runs past the end of the program: end every path "
                        + "of the function at 2 (instruction 2) with exit [falls-off-end]");
    }

    @Test
    void jumpIntoAnotherFunction() {
        rejected(verify(program(callLocal(2), ja(2), exit(), mov(0, 1), exit())),
                "insn 1: error: jump target 4 is in the function at 3 (instructions 3 to 4), but this ja is "
                        + "in the function at 0 (instructions 0 to 2): jumps must stay in their function; use call "
                        + "local to run another function [jump-across-function]",
                "insn 2: warning: this instruction can never run: no path from the entry reaches it; "
                        + "remove dead code [unreachable-code]");
    }

    @Test
    void jumpOutOfACalleeBackIntoItsCaller() {
        rejected(verify(program(callLocal(1), exit(), jeq(1, 0, -2), exit())),
                "insn 2: error: jump target 1 is in the function at 0 (instructions 0 to 1), but this jeq is "
                        + "in the function at 2 (instructions 2 to 3): jumps must stay in their function; use call "
                        + "local to run another function [jump-across-function]");
    }

    @Test
    void functionsOnlyDeadCodeCallsAreDeadToo() {
        accepted(verify(program(mov(0, 0), exit(), callLocal(1), exit(), mov(0, 1), exit())),
                "insn 2: warning: instructions 2 to 5 can never run: no path from the entry reaches them; "
                        + "remove dead code [unreachable-code]");
    }

    @Test
    void unreachableRunsAreReportedOncePerRun() {
        // ja skips a run that holds a two-slot load; the tail after exit is a second run
        accepted(verify(program(ja(3), mov(0, 1), lddw(2, 3), mov(0, 0), exit(), insn(Op.NEG64, 0, 0, 0, 0))),
                "insn 1: warning: instructions 1 to 3 can never run: no path from the entry reaches them; "
                        + "remove dead code [unreachable-code]",
                "insn 6: warning: this instruction can never run: no path from the entry reaches it; "
                        + "remove dead code [unreachable-code]");
    }
}
