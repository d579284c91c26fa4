package io.femto4j.runtime.spi;

/** A monotonic clock in microseconds; it never goes backwards. */
@FunctionalInterface
public interface Clock {

    /** Microseconds since an arbitrary origin. */
    long monotonicMicros();

    /** The host JVM's monotonic clock. */
    static Clock system() {
        return () -> System.nanoTime() / 1000;
    }
}
