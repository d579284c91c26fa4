package io.femto4j.vm;

import io.femto4j.vm.conformance.SuiteHelpers;
import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Test-side program builder and runner (the assembler lives on another branch). */
final class P {
    static final long MEM = 0x1000_0000L;
    static final long BUDGET = 1_000_000;

    private P() {
    }

    /** One instruction; for ops told apart by the offset field (sdiv, smod, movsx) the offset is set to match. */
    static Instruction[] i(Op op, int dst, int src, int off, int imm) {
        Form.Discriminator d = op.form().discriminator();
        int offset = d == Form.Discriminator.OFFSET ? op.discriminator() : off;
        return new Instruction[] {new Instruction(op, dst, src, offset, imm)};
    }

    static Instruction[] aluImm(Op op, int dst, int imm) {
        return i(op, dst, 0, 0, imm);
    }

    static Instruction[] aluReg(Op op, int dst, int src) {
        return i(op, dst, src, 0, 0);
    }

    static Instruction[] movImm(int dst, int imm) {
        return aluImm(Op.MOV64_IMM, dst, imm);
    }

    static Instruction[] lddw(int dst, long value) {
        return wide(Op.LDDW, dst, value);
    }

    static Instruction[] wide(Op op, int dst, long value) {
        return new Instruction[] {new Instruction(op, dst, 0, 0, (int) value),
                new Instruction(Op.WIDE_HI, 0, 0, 0, (int) (value >>> 32))};
    }

    static Instruction[] exit() {
        return i(Op.EXIT, 0, 0, 0, 0);
    }

    static Instruction[] call(int helper) {
        return i(Op.CALL, 0, 0, 0, helper);
    }

    static byte[] bytes(Instruction[]... parts) {
        List<Instruction> all = new ArrayList<>();
        for (Instruction[] p : parts) {
            all.addAll(Arrays.asList(p));
        }
        return Program.of(all).toBytes();
    }

    static VerifiedProgram verify(byte[] code, Policy policy) {
        Verification v = Verifier.verify(code, policy);
        return assertInstanceOf(Verification.Accepted.class, v, () -> v.diagnostics().toString()).program();
    }

    static VerifiedProgram verify(Instruction[]... parts) {
        return verify(bytes(parts), Policy.permissive(n -> true));
    }

    /** The translator's words for these instructions: {@code code} as translated, {@code fused} with its pairs. */
    static Translator translate(Instruction[]... parts) {
        VerifiedProgram program = verify(parts);
        HelperTable helpers = SuiteHelpers.table();
        return new Translator(program, helpers, helpers.allowedBy(program.policy().allowedHelpers()), Sections.NONE);
    }

    static Vm vm(Instruction[]... parts) {
        return Vm.load(verify(parts), SuiteHelpers.table());
    }

    static Outcome run(Instruction[]... parts) {
        return vm(parts).run(Memory.empty(), 0, 0, BUDGET);
    }

    /** Runs with {@code mem} as a writable region at {@link #MEM}, r1 = its address, r2 = its length. */
    static Outcome runWith(byte[] mem, Instruction[]... parts) {
        return vm(parts).run(Memory.of(Region.writable("mem", MEM, mem)), MEM, mem.length, BUDGET);
    }

    static long r0(Outcome o) {
        return assertInstanceOf(Outcome.Returned.class, o, o::toString).r0();
    }

    static <F extends Fault> F fault(Class<F> kind, Outcome o) {
        return assertInstanceOf(kind, assertInstanceOf(Outcome.Faulted.class, o, o::toString).fault(), o::toString);
    }

    static void assertR0(long expected, Outcome o) {
        assertEquals("0x" + Long.toHexString(expected), "0x" + Long.toHexString(r0(o)), o::toString);
    }
}
