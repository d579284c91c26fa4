package io.femto4j.isa;

/**
 * PLACEHOLDER (needed by the placeholder {@link Assembler}'s signature); the real one comes with the assembler
 * from another branch. Assembly source that cannot be assembled.
 */
public class AsmException extends Exception {
    private static final long serialVersionUID = 1L;

    public AsmException(String message) {
        super(message);
    }
}
