package io.femto4j.isa;

/** Bytecode that is not a well-formed program; names the instruction slot and what is wrong with it. */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int index;
    private final String reason;

    public DecodeException(int index, String reason) {
        super(index < 0 ? reason : "insn " + index + ": " + reason);
        this.index = index;
        this.reason = reason;
    }

    /** The instruction slot, or -1 when the problem is the program as a whole (e.g. its length). */
    public int index() {
        return index;
    }

    /** What is wrong, without the location. */
    public String reason() {
        return reason;
    }
}
