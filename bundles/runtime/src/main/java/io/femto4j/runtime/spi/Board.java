package io.femto4j.runtime.spi;

/**
 * The device-facing services a {@link io.femto4j.runtime.ContainerRuntime} calls on behalf of its containers'
 * helpers. One per device. Implementations must be thread-safe: hooks may run containers on several threads.
 */
public interface Board {

    /** The sensors and actuators, in registry order (position 0 first). */
    SaulRegistry saul();

    /** The monotonic clock behind {@code bpf_now_ms} and {@code bpf_ztimer_now}. */
    Clock clock();
}
