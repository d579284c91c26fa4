package io.femto4j.verifier;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.accepted;
import static io.femto4j.verifier.Expect.rejected;
import static io.femto4j.verifier.Expect.verify;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accesses through r10 with a constant offset must lie in the frame [r10 - frameSize, r10). */
class StackAccessTest {

    @Test
    void inFrameAccessesAreProvenSoTheVmCanSkipTheirChecks() {
        VerifiedProgram p = accepted(verify(program(
                mem(Op.STDW, 10, 0, -512, 7),            // 0: the lowest 8 bytes
                mem(Op.STXB, 10, 1, -1, 0),              // 1: the highest byte
                mem(Op.LDXW, 0, 10, -4, 0),              // 2
                mem(Op.ATOMIC64_FETCH_ADD, 10, 1, -16, 1), // 3
                movReg(2, 10),                           // 4
                mem(Op.LDXDW, 0, 2, -8, 0),              // 5: through a copy of r10, the VM's to check
                mem(Op.LDXDW, 0, 1, 0, 0),               // 6: through another register
                exit())));
        for (int i : new int[] {0, 1, 2, 3}) {
            assertTrue(p.isProvenStackAccess(i), "insn " + i);
        }
        for (int i : new int[] {4, 5, 6, 7, -1, 8}) {
            assertFalse(p.isProvenStackAccess(i), "insn " + i);
        }
    }

    @Test
    void accessesAtOrAboveTheFramePointer() {
        rejected(verify(program(mem(Op.STXDW, 10, 1, 0, 0), mov(0, 0), exit())),
                "insn 0: error: stxdw [r10+0] touches r10+0 to r10+7, outside the 512-byte frame r10-512 to "
                        + "r10-1: use an offset from -512 to -8 for this 8-byte access [stack-out-of-frame]");
        rejected(verify(program(mem(Op.LDXB, 0, 10, 3, 0), exit())),
                "insn 0: error: ldxb [r10+3] touches r10+3, outside the 512-byte frame r10-512 to r10-1: use "
                        + "an offset from -512 to -1 for this 1-byte access [stack-out-of-frame]");
    }

    @Test
    void accessesThatStraddleAFrameEdge() {
        rejected(verify(program(mem(Op.LDXDW, 0, 10, -4, 0), exit())),
                "insn 0: error: ldxdw [r10-4] touches r10-4 to r10+3, outside the 512-byte frame r10-512 to "
                        + "r10-1: use an offset from -512 to -8 for this 8-byte access [stack-out-of-frame]");
        rejected(verify(program(mem(Op.STW, 10, 0, -514, 1), mov(0, 0), exit())),
                "insn 0: error: stw [r10-514] touches r10-514 to r10-511, outside the 512-byte frame r10-512 "
                        + "to r10-1: use an offset from -512 to -4 for this 4-byte access [stack-out-of-frame]");
    }

    @Test
    void accessesBelowTheFrame() {
        rejected(verify(program(mem(Op.LDXH, 0, 10, -600, 0), exit())),
                "insn 0: error: ldxh [r10-600] touches r10-600 to r10-599, outside the 512-byte frame "
                        + "r10-512 to r10-1: use an offset from -512 to -2 for this 2-byte access "
                        + "[stack-out-of-frame]");
        rejected(verify(program(mem(Op.ATOMIC32_ADD, 10, 1, -32768, 0), mov(0, 0), exit())),
                "insn 0: error: lock add32 [r10-32768] touches r10-32768 to r10-32765, outside the 512-byte "
                        + "frame r10-512 to r10-1: use an offset from -512 to -4 for this 4-byte access "
                        + "[stack-out-of-frame]");
    }

    @Test
    void theFrameIsThePolicys() {
        var program = program(mem(Op.STDW, 10, 0, -72, 1), mov(0, 0), exit());
        accepted(verify(program));
        rejected(verify(program, Policy.parse("frame-size=64")),
                "insn 0: error: stdw [r10-72] touches r10-72 to r10-65, outside the 64-byte frame r10-64 to "
                        + "r10-1: use an offset from -64 to -8 for this 8-byte access [stack-out-of-frame]");
    }
}
