package io.femto4j.loader.envelope;

/** An envelope or manifest that is not well-formed; the message says what is wrong, on one line. */
public final class EnvelopeException extends Exception {
    private static final long serialVersionUID = 1L;

    public EnvelopeException(String message) {
        super(message, null, false, false);
    }
}
