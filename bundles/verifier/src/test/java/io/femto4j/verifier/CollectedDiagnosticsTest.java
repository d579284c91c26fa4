package io.femto4j.verifier;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.POLICY;
import static io.femto4j.verifier.Expect.rejected;
import static io.femto4j.verifier.Expect.verify;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One run reports every problem, in program order; the exception lists the errors. */
class CollectedDiagnosticsTest {

    @Test
    void everyProblemInOneRunSortedByInstruction() {
        rejected(verify(program(
                call(9),                                   // 0: helper not allowed
                mov(10, 1),                                // 1: writes r10
                insn(Op.LSH64_IMM, 0, 0, 0, 70),           // 2: warning
                jeq(0, 1, 40),                             // 3: target outside
                mem(Op.STXDW, 10, 0, 8, 0),                // 4: outside the frame
                insn(Op.SDIV64_IMM, 0, 0, 1, 0),           // 5: warning, and v4 only
                mov(0, 0)),                                // 6: falls off the end
                Policy.parse("v3,helpers=0-5")),
                "insn 0: error: call to helper 9, which the policy does not allow (it allows 0-5): "
                        + "remove the call or add the helper to the policy's allow-list [helper-not-allowed]",
                "insn 1: error: mov writes r10, the read-only frame pointer: write another register "
                        + "(r0 to r9); to compute a stack address, copy r10 first [writes-r10]",
                "insn 2: warning: lsh by 70 is outside 0 to 63: the VM shifts by 6 (the count masked "
                        + "to 6 bits, as RFC 9669 says); write that count if it is what you mean "
                        + "[shift-out-of-range]",
                "insn 3: error: jump target 44 is outside the program (7 instructions): jeq offset "
                        + "40 must give a target from 0 to 6 (target = pc + offset + 1) [jump-out-of-program]",
                "insn 4: error: stxdw [r10+8] touches r10+8 to r10+15, outside the 512-byte frame "
                        + "r10-512 to r10-1: use an offset from -512 to -8 for this 8-byte access "
                        + "[stack-out-of-frame]",
                "insn 5: error: sdiv needs CPU v4 but the policy allows up to v3: compile for CPU v3 "
                        + "(clang -mcpu=v3) or allow v4 in the policy [opcode-not-allowed]",
                "insn 5: warning: sdiv by the constant 0 does not trap: RFC 9669 defines the result "
                        + "as 0; divide by a non-zero constant or drop it [division-by-zero]",
                "insn 6: error: after this mov, execution runs past the end of the program: end "
                        + "every path of the program with exit [falls-off-end]");
    }

    @Test
    void encodingErrorsDoNotHideTheOthers() {
        byte[] code = hex("ff00000000000000", "b70a000000000000", "0500050000000000", "9500000000000000");
        rejected(Verifier.verify(code, POLICY),
                "insn 0: error: unknown opcode 0xff: no RFC 9669 or Femto-Container operation has it; the "
                        + "image is corrupt, from another ISA, or its text section offset is wrong [unknown-opcode]",
                "insn 1: error: mov writes r10, the read-only frame pointer: write another register "
                        + "(r0 to r9); to compute a stack address, copy r10 first [writes-r10]",
                "insn 2: error: jump target 8 is outside the program (4 instructions): ja offset 5 "
                        + "must give a target from 0 to 3 (target = pc + offset + 1) [jump-out-of-program]",
                "insn 3: warning: this instruction can never run: no path from the entry reaches it; "
                        + "remove dead code [unreachable-code]");
    }

    @Test
    void orThrowListsTheErrorsOneLineEach() {
        VerificationException e = assertThrows(VerificationException.class,
                () -> Verifier.verify(program(mov(10, 0), insn(Op.RSH32_IMM, 0, 0, 0, 40), ja(5)), POLICY).orThrow());
        assertEquals(2, e.diagnostics().stream().filter(Diagnostic::isError).count());
        assertEquals("program rejected\n"
                + "  insn 0: error: mov writes r10, the read-only frame pointer: write another register (r0 to r9); "
                + "to compute a stack address, copy r10 first [writes-r10]\n"
                + "  insn 2: error: jump target 8 is outside the program (3 instructions): ja offset 5 must give a "
                + "target from 0 to 2 (target = pc + offset + 1) [jump-out-of-program]", e.getMessage());
    }

    @Test
    void acceptedProgramKeepsItsWarnings() throws VerificationException {
        Verification v = Verifier.verify(program(mov(0, 1), insn(Op.MOD64_IMM, 0, 0, 0, 0), exit()), POLICY);
        assertTrue(v.isAccepted());
        assertEquals(1, v.warnings().size());
        assertEquals(0, v.errors().size());
        assertEquals(3, v.orThrow().program().size());
    }
}
