package io.femto4j.runtime;

/**
 * One fault of a container, as its statistics remember the last one.
 *
 * @param cause   the kind
 * @param pc      instruction slot where it happened
 * @param message one line for people
 * @param run     which run of the container (1 is the first)
 */
public record FaultRecord(FaultCause cause, int pc, String message, long run) {
}
