package io.femto4j.shell.internal;

/**
 * A command that could not do what was asked. Gogo prints it as one line ({@code gogo: CommandFailure: ...});
 * it carries no stack trace because the message is the whole story.
 */
final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message, null, false, false);
    }
}
