package io.femto4j.board;

/**
 * What a board offers femto-containers. Board bundles publish one as a service; the device manager
 * creates devices on the boards present.
 *
 * @param id                    stable identifier, e.g. {@code "nrf52840"}
 * @param description           one line for people, e.g. {@code "Nordic nRF52840 (Cortex-M4 @ 64 MHz)"}
 * @param clockHz               CPU clock
 * @param ramBytes              RAM of the board
 * @param flashBytes            flash of the board
 * @param containerMemoryBytes  RAM budget for all containers (stacks, sections, contexts, stores)
 * @param maxContainers         containers the board may host at once
 */
public record BoardProfile(String id, String description, long clockHz, long ramBytes, long flashBytes,
                           long containerMemoryBytes, int maxContainers) {
}
