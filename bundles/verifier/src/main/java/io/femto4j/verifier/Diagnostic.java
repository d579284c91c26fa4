package io.femto4j.verifier;

import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * One finding of the verifier.
 *
 * @param code     stable identifier of the check
 * @param severity an error rejects the program; a warning does not
 * @param index    the instruction slot, or -1 for the program as a whole
 * @param message  what is wrong and what to do about it; a single line, without the location
 */
public record Diagnostic(Code code, Severity severity, int index, String message) {

    public enum Severity { ERROR, WARNING }

    /**
     * One code per check, so tools and tests can tell findings apart without parsing messages. The comment on
     * each names where the finding is reported; unless said otherwise it is an error.
     */
    public enum Code {
        /** The program has no instructions (program-level). */
        EMPTY_PROGRAM,
        /** The byte length is not a multiple of 8 (program-level). */
        BAD_LENGTH,
        /** More instruction slots than the policy allows (program-level). */
        TOO_LONG,
        /** An opcode byte that no operation has, or a selector field (offset, imm, src) that picks none. */
        UNKNOWN_OPCODE,
        /** A known operation outside the policy's CPU version or instruction groups. */
        OPCODE_NOT_ALLOWED,
        /** A register field the operation uses names r11 to r15. */
        BAD_REGISTER,
        /** A field the operation does not use is not zero (strict policies only). */
        UNUSED_FIELD_NOT_ZERO,
        /** An instruction writes r10, the read-only frame pointer. */
        WRITES_R10,
        /** A two-slot load without a proper second slot, or an {@code lddw} pseudo-load (src != 0). */
        BAD_WIDE_LOAD,
        /** A jump or local call whose target lies outside the program. */
        JUMP_OUT_OF_PROGRAM,
        /** A jump or local call whose target is the second slot of a two-slot load. */
        JUMP_INTO_WIDE_LOAD,
        /** A jump whose target lies in another function. */
        JUMP_ACROSS_FUNCTION,
        /** A reachable path runs past the end of its function or of the program without exit. */
        FALLS_OFF_END,
        /** A helper call to a number the policy does not allow. */
        HELPER_NOT_ALLOWED,
        /** A local call to an instruction that other code can run into, so it cannot start a function. */
        CALL_NOT_FUNCTION,
        /** A cycle in the call graph (direct or mutual recursion); reported at the call that closes it. */
        RECURSION,
        /** The longest call chain needs more frames than the policy's stack holds. */
        CALL_TOO_DEEP,
        /** Warning: a shift by an immediate outside 0..31 (32-bit) or 0..63 (64-bit); the VM masks it. */
        SHIFT_OUT_OF_RANGE,
        /** Warning: division or modulo by the immediate 0; RFC 9669 defines the result. */
        DIVISION_BY_ZERO,
        /** A load, store or atomic through r10 with an offset outside the frame. */
        STACK_OUT_OF_FRAME,
        /** A byte-order conversion whose width (imm) is not 16, 32 or 64. */
        BAD_ENDIAN_WIDTH,
        /** A decoded {@code Program} whose operation disagrees with the fields it would be encoded with. */
        OPERATION_MISMATCH,
        /** Warning: instructions no path from the entry can reach. */
        UNREACHABLE_CODE;

        /** The code as printed: lower case, words joined by '-' (e.g. {@code jump-out-of-program}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Program-level findings first, then by instruction, then by check; stable for one program. */
    public static final Comparator<Diagnostic> BY_INDEX =
            Comparator.comparingInt(Diagnostic::index).thenComparing(Diagnostic::code);

    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (index < -1) {
            throw new IllegalArgumentException("index must be -1 (whole program) or a slot: " + index);
        }
        // toString promises one line per diagnostic, which tools that print or grep them rely on
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a diagnostic message is one line: " + message);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * One line, e.g. {@code insn 12: error: jump target 40 is outside the program (38 instructions); ...
     * [jump-out-of-program]}, or {@code program: error: ...} for findings about the whole program.
     */
    @Override
    public String toString() {
        String where = index < 0 ? "program" : "insn " + index;
        return where + ": " + severity.name().toLowerCase(Locale.ROOT) + ": " + message + " [" + code.label() + "]";
    }
}
