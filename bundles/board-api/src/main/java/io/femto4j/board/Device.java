package io.femto4j.board;

import io.femto4j.runtime.ContainerRuntime;

/**
 * One simulated device of the platform: a board profile, the container runtime that hosts the device's
 * femto-containers, and the board's simulated peripherals. Published as an OSGi service by the device
 * manager; hook providers and the shell find devices through it.
 */
public interface Device {

    /** Unique name of the device on this platform, e.g. {@code "dev0"}. */
    String name();

    /** The board this device runs on. */
    BoardProfile board();

    /** The containers of this device. */
    ContainerRuntime runtime();
}
