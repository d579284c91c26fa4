package io.femto4j.isa;

/** Assembler input that is not a valid program; names the line and column (both from 1) and what is wrong. */
public final class AsmException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    public AsmException(int line, int column, String reason) {
        super("line " + line + ", column " + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** The source line, counting from 1. */
    public int line() {
        return line;
    }

    /** The column on that line where the offending token starts, counting from 1. */
    public int column() {
        return column;
    }

    /** What is wrong, without the location. */
    public String reason() {
        return reason;
    }
}
