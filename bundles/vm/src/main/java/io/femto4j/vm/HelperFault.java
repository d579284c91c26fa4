package io.femto4j.vm;

/**
 * Thrown by a {@link Helper} to end the run with {@link Fault.HelperFailed}: the helper cannot do what the program
 * asked (bad arguments, a resource limit). It is checked so that helper code says where it can fail. It captures
 * no stack trace: it reports a program's misuse, not a host bug, and only its message reaches the outcome.
 */
public class HelperFault extends Exception {
    private static final long serialVersionUID = 1L;

    public HelperFault(String reason) {
        super(reason, null, false, false);
    }

    public HelperFault(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
