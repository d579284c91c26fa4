package io.femto4j.verifier;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.femto4j.verifier.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The largest programs a policy allows, shaped to hurt a naive verifier: call chains and cycles tens of
 * thousands deep (a recursive walk would overflow the Java stack), and branchy code (path enumeration would
 * explode). All must finish quickly; the time limits are generous because the build machine is shared.
 */
class RobustnessTest {

    private static final Policy POLICY = Policy.parse("helpers=0-5");
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void callChainAcrossTheWholeProgram() {
        Program chain = program(CallGraphTest.callChain(POLICY.maxInstructions() / 2));
        Verification v = assertTimeoutPreemptively(LIMIT, () -> Verifier.verify(chain, POLICY));
        assertEquals(1, v.diagnostics().size());
        Diagnostic d = v.diagnostics().get(0);
        assertEquals(Diagnostic.Code.CALL_TOO_DEEP, d.code());
        assertEquals(14, d.index());
        assertTrue(d.message().contains("which needs 32768 frames of 512 bytes (16777216 bytes)"), d.message());
    }

    @Test
    void callCycleAcrossTheWholeProgram() {
        List<Instruction> slots = new ArrayList<>(CallGraphTest.callChain(POLICY.maxInstructions() / 2));
        int last = slots.size() - 2;
        slots.set(last, callLocal(-last - 1)); // the last function calls the entry
        Verification v = assertTimeoutPreemptively(LIMIT, () -> Verifier.verify(program(slots), POLICY));
        assertEquals(1, v.diagnostics().size());
        assertEquals("insn 65534: error: this call to the function at 0 closes the cycle 0 -> 2 -> 4 -> 6 -> ... "
                + "-> 65530 -> 65532 -> 65534 -> 0: recursion is not allowed because the stack must stay bounded; "
                + "rewrite it as a loop [recursion]", v.diagnostics().get(0).toString());
    }

    @Test
    void manyCallsClosingLongCycles() {
        // function k (slot 3k) calls function k+1 and function 1: every back edge closes a cycle through the
        // whole chain below it, so reporting must not copy the chain each time
        int functions = POLICY.maxInstructions() / 3;
        List<Instruction> slots = new ArrayList<>();
        for (int k = 0; k < functions - 1; k++) {
            int pc = slots.size();
            slots.add(callLocal(2));
            slots.add(callLocal(3 - pc - 1 - 1));
            slots.add(exit());
        }
        slots.add(mov(0, 0));
        slots.add(exit());
        Verification v = assertTimeoutPreemptively(LIMIT, () -> Verifier.verify(program(slots), POLICY));
        assertEquals(functions - 2, v.errors().size());
        assertEquals("insn 65530: error: this call to the function at 3 closes the cycle 3 -> 6 -> 9 -> 12 -> ... "
                + "-> 65523 -> 65526 -> 65529 -> 3: recursion is not allowed because the stack must stay bounded; "
                + "rewrite it as a loop [recursion]", v.errors().get(v.errors().size() - 1).toString());
    }

    @Test
    void branchesEverywhere() {
        // every slot a conditional jump over the next one, or back up to 1000 slots: 2^n paths, one pass
        List<Instruction> slots = new ArrayList<>();
        for (int i = 0; i < POLICY.maxInstructions() - 2; i++) {
            slots.add(i % 3 == 2 ? jeq(1, i, -(i % 1000) - 1) : jeq(1, i, 1));
        }
        slots.add(mov(0, 0));
        slots.add(exit());
        Verification v = assertTimeoutPreemptively(LIMIT, () -> Verifier.verify(program(slots), POLICY));
        assertTrue(v.isAccepted(), () -> v.diagnostics().subList(0, 3).toString());
    }

    @Test
    void everySlotWrongStillEndsQuickly() {
        byte[] garbage = new byte[POLICY.maxInstructions() * 8];
        Arrays.fill(garbage, (byte) 0xff);
        Verification v = assertTimeoutPreemptively(LIMIT, () -> Verifier.verify(garbage, POLICY));
        assertEquals(POLICY.maxInstructions() + 1, v.diagnostics().size()); // every slot, plus the fall-off
    }

    @Test
    void theLargestPolicyLimit() {
        Policy big = POLICY.withMaxInstructions(Policy.LIMIT_MAX_INSTRUCTIONS);
        // straight-line code, then a chain of calls filling the last half
        List<Instruction> chain = CallGraphTest.callChain(Policy.LIMIT_MAX_INSTRUCTIONS / 4);
        List<Instruction> slots = new ArrayList<>(Policy.LIMIT_MAX_INSTRUCTIONS);
        slots.add(mov(1, 0));
        while (slots.size() < Policy.LIMIT_MAX_INSTRUCTIONS - chain.size()) {
            slots.add(insn(Op.ADD64_IMM, 1, 0, 0, slots.size()));
        }
        slots.addAll(chain);
        Program program = program(slots);
        Verification v = assertTimeoutPreemptively(LIMIT, () -> Verifier.verify(program.toBytes(), big));
        assertEquals(List.of(Diagnostic.Code.CALL_TOO_DEEP), v.diagnostics().stream().map(Diagnostic::code).toList());
    }
}
