package io.femto4j.webconsole.internal;

/** An action the console refused or that failed: one message for people, and the HTTP status to answer with. */
final class ActionFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final int BAD_REQUEST = 400;
    static final int FORBIDDEN = 403;
    static final int NOT_FOUND = 404;
    static final int CONFLICT = 409;
    static final int TOO_LARGE = 413;

    private final int status;

    ActionFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
