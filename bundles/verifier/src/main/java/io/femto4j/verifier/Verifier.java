package io.femto4j.verifier;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;

/**
 * The pre-flight verifier: runs once when a program is loaded and decides, against a {@link Policy}, whether it
 * may ever run. The answer is a {@link VerifiedProgram} (the only way to get one) or the list of diagnostics.
 *
 * <p>What it checks, each with its own {@link Diagnostic.Code}: the length; that every opcode is known and
 * allowed by the policy's CPU version and groups; registers; unused fields (strict policies); that nothing
 * writes r10; two-slot loads; that jump and call targets are instruction starts inside the program and jumps
 * stay in their function; that no reachable path runs past an end; helper calls against the allow-list; local
 * calls to function starts only, without recursion and within the policy's call depth; shift counts, division
 * by constant zero and byte-swap widths; and that r10-relative accesses stay in the frame.
 *
 * <p>Every check runs even after others failed, so one run lists all problems, sorted by instruction. The cost
 * is linear in the program size and no walk recurses, so even the largest program the policy allows verifies
 * quickly and cannot exhaust the Java stack.
 */
public final class Verifier {

    private Verifier() {
    }

    /** Decodes and verifies raw little-endian bytecode. */
    public static Verification verify(byte[] code, Policy policy) {
        Findings findings = new Findings();
        if (code.length == 0) {
            findings.error(Diagnostic.Code.EMPTY_PROGRAM, -1, "the program has no instructions; it needs at "
                    + "least an exit");
            return conclude(findings, null, null, policy);
        }
        if (code.length % Instruction.SIZE != 0) {
            findings.error(Diagnostic.Code.BAD_LENGTH, -1, "the program is " + code.length + " bytes, not a "
                    + "multiple of 8 (each instruction slot is 8 bytes): the image is truncated or its text "
                    + "section offset or length is wrong");
            return conclude(findings, null, null, policy);
        }
        if (!checkLength(code.length / Instruction.SIZE, policy, findings)) {
            return conclude(findings, null, null, policy);
        }
        Instruction[] slots = new SlotDecoder(policy, findings).decode(code);
        return conclude(findings, slots, null, policy);
    }

    /**
     * Verifies a decoded program. Its slots are encoded and decoded again under the policy, so a program built
     * from {@link Instruction} records gets exactly the checks raw bytecode gets, and an instruction whose
     * operation disagrees with its fields is rejected.
     */
    public static Verification verify(Program program, Policy policy) {
        Findings findings = new Findings();
        int n = program.size();
        if (n == 0) {
            findings.error(Diagnostic.Code.EMPTY_PROGRAM, -1, "the program has no instructions; it needs at "
                    + "least an exit");
            return conclude(findings, null, null, policy);
        }
        if (!checkLength(n, policy, findings)) {
            return conclude(findings, null, null, policy);
        }
        Instruction[] slots = new SlotDecoder(policy, findings).decode(program.toBytes());
        for (int i = 0; i < n; i++) {
            Op given = program.get(i).op();
            if (slots[i] != null && slots[i].op() != given) {
                findings.error(Diagnostic.Code.OPERATION_MISMATCH, i, "the instruction is " + given.mnemonic()
                        + " but its fields encode " + slots[i].op().mnemonic() + ": set the fields that select "
                        + given.mnemonic() + " (" + given.form().discriminator().name().toLowerCase(Locale.ROOT)
                        + " = " + given.discriminator() + ")");
                // the rest of the checks look at what the VM would run, so one mistake is reported once
                slots[i] = program.get(i);
            }
        }
        return conclude(findings, slots, program, policy);
    }

    private static boolean checkLength(int slots, Policy policy, Findings findings) {
        if (slots > policy.maxInstructions()) {
            findings.error(Diagnostic.Code.TOO_LONG, -1, "the program has " + slots + " instructions but the "
                    + "policy allows at most " + policy.maxInstructions() + ": split it or raise max-insns");
            return false;
        }
        return true;
    }

    /** Runs the checks on decoded slots (when there are any) and turns the findings into the verdict. */
    private static Verification conclude(Findings findings, Instruction[] slots, Program given, Policy policy) {
        if (slots == null) {
            return new Verification.Rejected(findings.sorted());
        }
        BitSet provenStack = new InstructionChecks(policy, findings).check(slots);
        ControlFlow flow = new ControlFlow(slots, policy, findings);
        flow.check();
        if (findings.hasErrors()) {
            return new Verification.Rejected(findings.sorted());
        }
        // without errors every slot decoded and the decoded slots are the given ones (checked above)
        Program program = given != null ? given : Program.of(Arrays.asList(slots));
        VerifiedProgram verified = new VerifiedProgram(program, policy, flow.functionStarts(), provenStack,
                flow.deepestChain());
        return new Verification.Accepted(verified, findings.sorted());
    }
}
