package io.femto4j.verifier;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import static io.femto4j.verifier.Asm.*;
import static io.femto4j.verifier.Expect.accepted;
import static io.femto4j.verifier.Expect.rejected;
import static io.femto4j.verifier.Expect.verify;

/** What the policy allows: CPU version, optional groups, helpers. */
class PolicyChecksTest {

    @Test
    void operationsNewerThanThePolicysCpuVersion() {
        rejected(verify(program(mov(0, 7), insn(Op.SDIV64_IMM, 0, 0, 1, 2), exit()), Policy.parse("v3")),
                "insn 1: error: sdiv needs CPU v4 but the policy allows up to v3: compile for CPU v3 (clang "
                        + "-mcpu=v3) or allow v4 in the policy [opcode-not-allowed]");
        rejected(verify(program(mov(0, 0), insn(Op.JLT64_IMM, 0, 0, 0, 1), exit()), Policy.parse("v1")),
                "insn 1: error: jlt needs CPU v2 but the policy allows up to v1: compile for CPU v1 (clang "
                        + "-mcpu=v1) or allow v2 in the policy [opcode-not-allowed]");
        accepted(verify(program(mov(0, 0), insn(Op.JLT64_IMM, 0, 0, 0, 1), exit()), Policy.parse("v2")));
        rejected(verify(program(mov(0, 0), insn(Op.JEQ32_IMM, 0, 0, 0, 1), exit()), Policy.parse("v2")),
                "insn 1: error: jeq32 needs CPU v3 but the policy allows up to v2: compile for CPU v2 (clang "
                        + "-mcpu=v2) or allow v3 in the policy [opcode-not-allowed]");
    }

    @Test
    void optionalGroupsTheSpecDidNotName() {
        var atomics = program(mov(1, 1), mem(Op.STXDW, 10, 1, -8, 0), mem(Op.ATOMIC64_ADD, 10, 1, -8, 0),
                mem(Op.ATOMIC32_FETCH_ADD, 10, 1, -4, 1), mov(0, 0), exit());
        rejected(verify(atomics, Policy.parse("v3,callx")),
                "insn 2: error: lock add belongs to the atomic64 group, which the policy does not allow: do "
                        + "without it or allow the atomic64 group in the policy [opcode-not-allowed]",
                "insn 3: error: lock fetch add32 belongs to the atomic32 group, which the policy "
                        + "does not allow: do without it or allow the atomic32 group in the policy "
                        + "[opcode-not-allowed]");
        rejected(verify(atomics, Policy.parse("v3,atomic64")),
                "insn 3: error: lock fetch add32 belongs to the atomic32 group, which the policy does not "
                        + "allow: do without it or allow the atomic32 group in the policy [opcode-not-allowed]");
        accepted(verify(atomics, Policy.parse("v3,atomics")));

        var callx = program(mov(1, 2), callx(1), exit());
        rejected(verify(callx, Policy.parse("atomics,helpers=0-5")),
                "insn 1: error: callx belongs to the callx group, which the policy does not allow: do "
                        + "without it or allow the callx group in the policy [opcode-not-allowed]");
        accepted(verify(callx, Policy.parse("callx,helpers=0-5")));

        var dataAddress = program(wide(Op.LDDW_DATA, 1, 0), wide(Op.LDDW_RODATA, 2, 16), mov(0, 0), exit());
        rejected(verify(dataAddress, Policy.parse("base")),
                "insn 0: error: lddwd belongs to the femto-sections group, which the policy does not allow: "
                        + "do without it or allow the femto-sections group in the policy [opcode-not-allowed]",
                "insn 2: error: lddwr belongs to the femto-sections group, which the policy does not "
                        + "allow: do without it or allow the femto-sections group in the policy "
                        + "[opcode-not-allowed]");
        accepted(verify(dataAddress, Policy.parse("femto-sections")));
    }

    @Test
    void versionAndGroupBothMissing() {
        var policy = Policy.permissive(h -> false).withCpuVersion(2).withGroups(Policy.BASE_GROUPS);
        rejected(verify(program(mem(Op.ATOMIC64_ADD, 10, 1, -8, 0), mov(0, 0), exit()), policy),
                "insn 0: error: lock add needs CPU v3 but the policy allows up to v2, and it belongs to the "
                        + "atomic64 group, which the policy does not allow: do without it or allow v3 and the atomic64 "
                        + "group in the policy [opcode-not-allowed]");
    }

    @Test
    void helpersOutsideTheAllowList() {
        var program = program(call(1), call(5), call(6), call(-1), call(0x7fffffff), mov(0, 0), exit());
        rejected(verify(program, Policy.parse("helpers=1-5")),
                "insn 2: error: call to helper 6, which the policy does not allow (it allows 1-5): remove "
                        + "the call or add the helper to the policy's allow-list [helper-not-allowed]",
                "insn 3: error: call to helper -1, which the policy does not allow (it allows 1-5): "
                        + "remove the call or add the helper to the policy's allow-list [helper-not-allowed]",
                "insn 4: error: call to helper 2147483647, which the policy does not allow (it "
                        + "allows 1-5): remove the call or add the helper to the policy's allow-list "
                        + "[helper-not-allowed]");
        rejected(verify(program(call(0x10), exit()), Policy.parse("")),
                "insn 0: error: call to helper 16, which the policy does not allow (it allows no helpers): "
                        + "remove the call or add the helper to the policy's allow-list [helper-not-allowed]");
        rejected(verify(program(call(3), exit()), Policy.permissive(h -> h == 2)),
                "insn 0: error: call to helper 3, which the policy does not allow: remove the call or add "
                        + "the helper to the policy's allow-list [helper-not-allowed]");
        accepted(verify(program(call(0x10), call(0x13), call(2), exit()), Policy.parse("helpers=0x10-0x13+2")));
    }

    @Test
    void callxNumbersAreTheVmsToCheck() {
        // the helper number is only known at run time; the verifier checks only that callx is allowed
        accepted(verify(program(mov(1, 99), callx(1), exit()), Policy.parse("helpers=none")));
    }
}
