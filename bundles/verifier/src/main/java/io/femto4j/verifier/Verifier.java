package io.femto4j.verifier;

import io.femto4j.isa.DecodeException;
import io.femto4j.isa.Decoder;
import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** The pre-flight verifier: runs once when a program is loaded and decides whether it may ever run. */
public final class Verifier {

    private Verifier() {
    }

    /** Decodes and verifies raw bytecode. */
    public static Verification verify(byte[] code, Policy policy) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (code.length == 0) {
            return reject(diagnostics, Diagnostic.Code.EMPTY_PROGRAM, -1, "the program has no instructions; it must end with exit");
        }
        if (code.length % 8 != 0) {
            return reject(diagnostics, Diagnostic.Code.BAD_LENGTH, -1,
                    "length " + code.length + " bytes is not a multiple of 8 (one instruction is 8 bytes)");
        }
        if (code.length / 8 > policy.maxInstructions()) {
            return reject(diagnostics, Diagnostic.Code.TOO_LONG, -1, "the program has " + code.length / 8
                    + " instructions; the policy allows at most " + policy.maxInstructions());
        }
        Program program;
        try {
            program = (policy.strict() ? Decoder.strict() : Decoder.lenient()).decode(code);
        } catch (DecodeException e) {
            return reject(diagnostics, Diagnostic.Code.DECODE, e.index(), e.reason());
        }
        return verify(program, policy);
    }

    /** Verifies a decoded program. */
    public static Verification verify(Program program, Policy policy) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        int n = program.size();
        if (n == 0) {
            return reject(diagnostics, Diagnostic.Code.EMPTY_PROGRAM, -1, "the program has no instructions; it must end with exit");
        }
        if (n > policy.maxInstructions()) {
            return reject(diagnostics, Diagnostic.Code.TOO_LONG, -1, "the program has " + n
                    + " instructions; the policy allows at most " + policy.maxInstructions());
        }
        BitSet functionStarts = new BitSet(n);
        functionStarts.set(0);
        for (int pc = 0; pc < n; pc++) {
            Instruction insn = program.get(pc);
            Op op = insn.op();
            if (op == Op.WIDE_HI) {
                continue;
            }
            if (op.cpuVersion() > policy.cpuVersion() || !policy.groups().contains(op.group())) {
                error(diagnostics, Diagnostic.Code.OPCODE_NOT_ALLOWED, pc, op.mnemonic() + " (CPU v" + op.cpuVersion()
                        + ", group " + op.group().name().toLowerCase() + ") is not allowed by the policy (CPU v"
                        + policy.cpuVersion() + ", groups " + policy.groups() + ")");
            }
            if (op.writesDst() && insn.dst() == 10) {
                error(diagnostics, Diagnostic.Code.WRITES_R10, pc, op.mnemonic()
                        + " writes r10, the read-only frame pointer; copy it to another register first");
            }
            if (op.isJump() || op == Op.CALL_LOCAL) {
                long target = (long) pc + 1 + (op.form() == Form.JA32 || op == Op.CALL_LOCAL ? insn.imm() : insn.offset());
                if (target < 0 || target >= n) {
                    error(diagnostics, Diagnostic.Code.JUMP_OUT_OF_PROGRAM, pc, (op == Op.CALL_LOCAL ? "call" : "jump")
                            + " target " + target + " is outside the program (" + n + " instructions)");
                } else if (program.get((int) target).op() == Op.WIDE_HI) {
                    error(diagnostics, Diagnostic.Code.JUMP_INTO_WIDE_LOAD, pc, "target " + target
                            + " is the second half of the 64-bit load at " + (target - 1));
                } else if (op == Op.CALL_LOCAL) {
                    functionStarts.set((int) target);
                }
            }
            if (op == Op.CALL && !policy.allowedHelpers().test(insn.imm())) {
                error(diagnostics, Diagnostic.Code.HELPER_NOT_ALLOWED, pc, "helper " + insn.imm()
                        + " is not allowed for this program");
            }
        }
        Op last = program.get(n - 1).op();
        if (last != Op.EXIT && last != Op.JA && last != Op.JA32) {
            error(diagnostics, Diagnostic.Code.FALLS_OFF_END, pc(n), "the last instruction is " + last.mnemonic()
                    + "; execution could run past the end: end the program with exit");
        }
        if (diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR)) {
            return new Verification.Rejected(diagnostics);
        }
        return new Verification.Accepted(new VerifiedProgram(program, policy, functionStarts, new BitSet()), diagnostics);
    }

    private static int pc(int n) {
        return n - 1;
    }

    private static void error(List<Diagnostic> diagnostics, Diagnostic.Code code, int index, String message) {
        diagnostics.add(new Diagnostic(code, Diagnostic.Severity.ERROR, index, message));
    }

    private static Verification reject(List<Diagnostic> diagnostics, Diagnostic.Code code, int index, String message) {
        error(diagnostics, code, index, message);
        return new Verification.Rejected(diagnostics);
    }
}
