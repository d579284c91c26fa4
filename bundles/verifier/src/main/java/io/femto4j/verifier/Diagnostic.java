package io.femto4j.verifier;

/**
 * One finding of the verifier.
 *
 * @param code     stable identifier of the check
 * @param severity an error rejects the program; a warning does not
 * @param index    the instruction slot, or -1 for the program as a whole
 * @param message  what is wrong and what to do about it
 */
public record Diagnostic(Code code, Severity severity, int index, String message) {

    public enum Severity { ERROR, WARNING }

    /** One code per check, so tools and tests can tell findings apart without parsing messages. */
    public enum Code {
        EMPTY_PROGRAM, BAD_LENGTH, TOO_LONG, DECODE, OPCODE_NOT_ALLOWED, WRITES_R10, BAD_WIDE_LOAD,
        JUMP_OUT_OF_PROGRAM, JUMP_INTO_WIDE_LOAD, FALLS_OFF_END, HELPER_NOT_ALLOWED, CALL_NOT_FUNCTION,
        RECURSION, CALL_TOO_DEEP, SHIFT_OUT_OF_RANGE, DIVISION_BY_ZERO, STACK_OUT_OF_FRAME, BAD_ENDIAN_WIDTH
    }

    @Override
    public String toString() {
        String where = index < 0 ? "program" : "insn " + index;
        return where + ": " + severity.name().toLowerCase() + " " + code.name().toLowerCase().replace('_', '-')
                + ": " + message;
    }
}
