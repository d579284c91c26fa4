package io.femto4j.verifier;

import io.femto4j.isa.Instruction;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.accepted;
import static io.femto4j.verifier.Expect.rejected;
import static io.femto4j.verifier.Expect.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Local calls: only to function starts, no recursion, and no deeper than the policy's stack. */
class CallGraphTest {

    /** {@code functions} functions, each calling the next; function k starts at slot 2k. */
    static List<Instruction> callChain(int functions) {
        List<Instruction> slots = new ArrayList<>();
        for (int k = 0; k < functions - 1; k++) {
            slots.add(callLocal(1));
            slots.add(exit());
        }
        slots.add(mov(0, 0));
        slots.add(exit());
        return slots;
    }

    @Test
    void functionStartsAndDepthOfAValidProgram() {
        // 0 calls f (3) and g (5); g calls f
        VerifiedProgram p = accepted(verify(program(
                callLocal(2), callLocal(3), exit(),
                mov(0, 1), exit(),
                callLocal(-3), exit())));
        assertEquals(3, p.functionCount());
        assertTrue(p.isFunctionStart(0) && p.isFunctionStart(3) && p.isFunctionStart(5));
        assertFalse(p.isFunctionStart(1) || p.isFunctionStart(4) || p.isFunctionStart(7) || p.isFunctionStart(-1));
        assertEquals(3, p.deepestCallChain());
        assertEquals(3 * 512, p.stackBytesNeeded());
    }

    @Test
    void aSharedCalleeIsNotACycle() {
        // 0 calls f (4) and g (7); both call h (10): a diamond, depth 3
        VerifiedProgram p = accepted(verify(program(
                callLocal(3), callLocal(5), mov(0, 0), exit(),
                callLocal(5), mov(0, 1), exit(),
                callLocal(2), mov(0, 2), exit(),
                mov(0, 3), exit())));
        assertEquals(4, p.functionCount());
        assertEquals(3, p.deepestCallChain());
    }

    @Test
    void callIntoTheMiddleOfAFunction() {
        rejected(verify(program(mov(0, 0), callLocal(0), add(0, 1), exit())),
                "insn 1: error: call target 2 is not the start of a function: insn 1 before it can continue "
                        + "into it, so it is inside other code; call the first instruction of a function (functions "
                        + "start after an exit or ja) [call-not-function]");
    }

    @Test
    void callToTheInstructionAfterAWideLoad() {
        rejected(verify(program(callLocal(2), lddw(0, 1), mov(0, 0), exit())),
                "insn 0: error: call target 3 is not the start of a function: insn 1 before it can continue "
                        + "into it, so it is inside other code; call the first instruction of a function (functions "
                        + "start after an exit or ja) [call-not-function]");
    }

    @Test
    void functionCallingItself() {
        rejected(verify(program(callLocal(1), exit(), callLocal(-1), exit())),
                "insn 2: error: the function at 2 calls itself: recursion is not allowed because the stack "
                        + "must stay bounded; rewrite it as a loop [recursion]");
    }

    @Test
    void entryCallingItself() {
        rejected(verify(program(mov(0, 0), callLocal(-2), exit())),
                "insn 1: error: the function at 0 calls itself: recursion is not allowed because the stack "
                        + "must stay bounded; rewrite it as a loop [recursion]");
    }

    @Test
    void mutualRecursion() {
        rejected(verify(program(callLocal(1), exit(), callLocal(1), exit(), callLocal(-3), exit())),
                "insn 4: error: this call to the function at 2 closes the cycle 2 -> 4 -> 2: recursion is "
                        + "not allowed because the stack must stay bounded; rewrite it as a loop [recursion]");
    }

    @Test
    void longCycleIsAbbreviated() {
        List<Instruction> slots = new ArrayList<>(callChain(12));
        slots.set(22, callLocal(-21)); // the last function calls function 1 (slot 2) instead of returning
        rejected(verify(program(slots)),
                "insn 22: error: this call to the function at 2 closes the cycle 2 -> 4 -> 6 -> 8 -> ... -> "
                        + "18 -> 20 -> 22 -> 2: recursion is not allowed because the stack must stay bounded; rewrite "
                        + "it as a loop [recursion]");
    }

    @Test
    void recursionInDeadCodeIsStillRecursion() {
        rejected(verify(program(mov(0, 0), exit(), callLocal(1), exit(), callLocal(-1), exit())),
                "insn 2: warning: instructions 2 to 5 can never run: no path from the entry reaches them; "
                        + "remove dead code [unreachable-code]",
                "insn 4: error: the function at 4 calls itself: recursion is not allowed because the "
                        + "stack must stay bounded; rewrite it as a loop [recursion]");
    }

    @Test
    void chainAsDeepAsThePolicyAllows() {
        VerifiedProgram p = accepted(verify(program(callChain(8))));
        assertEquals(8, p.deepestCallChain());
        assertEquals(8 * 512, p.stackBytesNeeded());
        assertEquals(p.policy().stackSize(), p.stackBytesNeeded());
    }

    @Test
    void chainOneFrameTooDeep() {
        rejected(verify(program(callChain(9))),
                "insn 14: error: this call makes frame 9 on the call chain 0 -> 2 -> 4 -> 6 -> 8 -> 10 -> 12 "
                        + "-> 14 -> 16, which needs 9 frames of 512 bytes (4608 bytes); the policy's stack holds 8 "
                        + "frames (4096 bytes): nest calls less deeply, inline functions, or raise call-depth "
                        + "[call-too-deep]");
    }

    @Test
    void anyCallExceedsDepthOne() {
        rejected(verify(program(callChain(2)), Policy.parse("call-depth=1")),
                "insn 0: error: this call makes frame 2 on the call chain 0 -> 2, which needs 2 frames of "
                        + "512 bytes (1024 bytes); the policy's stack holds 1 frame (512 bytes): nest calls less "
                        + "deeply, inline functions, or raise call-depth [call-too-deep]");
    }

    @Test
    void longChainIsAbbreviated() {
        rejected(verify(program(callChain(20)), Policy.parse("call-depth=12,frame-size=256")),
                "insn 22: error: this call makes frame 13 on the call chain 0 -> 2 -> 4 -> 6 -> ... -> 18 -> "
                        + "20 -> 22 -> 24 ..., which needs 20 frames of 256 bytes (5120 bytes); the policy's stack "
                        + "holds 12 frames (3072 bytes): nest calls less deeply, inline functions, or raise call-depth "
                        + "[call-too-deep]");
    }
}
