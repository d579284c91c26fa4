package io.femto4j.board;

import java.util.List;
import java.util.Objects;

/**
 * What a board offers femto-containers. Board bundles publish one through a {@link BoardProvider} service; the
 * device manager creates devices on the boards present.
 *
 * @param id                    stable identifier, e.g. {@code "nrf52840"}
 * @param description           one line for people, e.g. {@code "Nordic nRF52840 (Cortex-M4 @ 64 MHz)"}
 * @param clockHz               CPU clock
 * @param ramBytes              RAM of the board
 * @param flashBytes            flash of the board
 * @param containerMemoryBytes  RAM budget for all containers (stacks, sections, contexts, stores)
 * @param maxContainers         containers the board may host at once
 * @param stackBytes            stack of one container (a multiple of the 512-byte eBPF frame: frames × 512)
 * @param storeEntriesPerTenant key-value entries each tenant may own; reserved from the budget at
 *                              {@link #STORE_ENTRY_BYTES} bytes each when the tenant is registered
 * @param costs                 estimated time per executed instruction, by class
 * @param saul                  the simulated SAUL devices, in registry order
 */
public record BoardProfile(String id, String description, long clockHz, long ramBytes, long flashBytes,
                           long containerMemoryBytes, int maxContainers, int stackBytes, int storeEntriesPerTenant,
                           CostModel costs, List<SaulSpec> saul) {

    /** A uint32 key and a uint32 value, as upstream's stores keep them. */
    public static final int STORE_ENTRY_BYTES = 8;
    /** The eBPF stack frame: a container's stack is a whole number of these. */
    public static final int FRAME_BYTES = 512;

    public BoardProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(costs, "costs");
        saul = List.copyOf(saul);
        if (id.isBlank() || clockHz <= 0 || ramBytes <= 0 || containerMemoryBytes <= 0 || maxContainers <= 0) {
            throw new IllegalArgumentException("board " + id + ": id, clock, RAM, budget and max containers"
                    + " must be given and positive");
        }
        if (stackBytes < FRAME_BYTES || stackBytes % FRAME_BYTES != 0 || stackBytes / FRAME_BYTES > 64) {
            throw new IllegalArgumentException("board " + id + ": stack must be 1 to 64 frames of " + FRAME_BYTES
                    + " bytes: " + stackBytes);
        }
        if (storeEntriesPerTenant < 0) {
            throw new IllegalArgumentException("board " + id + ": store entries must not be negative");
        }
    }

    /**
     * The original seven-field form (kept for code written against it): a 4 KiB stack (8 frames), 512 store
     * entries per tenant, the Cortex-M4 cost model scaled to {@code clockHz}, and the standard SAUL devices.
     */
    public BoardProfile(String id, String description, long clockHz, long ramBytes, long flashBytes,
                        long containerMemoryBytes, int maxContainers) {
        this(id, description, clockHz, ramBytes, flashBytes, containerMemoryBytes, maxContainers, 8 * FRAME_BYTES,
                512, CostModel.cortexM4().scaled(CostModel.PAPER_CLOCK_HZ / (double) clockHz,
                        "Cortex-M4 costs scaled by clock to " + clockHz + " Hz"), SaulSpec.standard());
    }

    /** Frames of {@link #FRAME_BYTES} in a container's stack: the verifier's call depth on this board. */
    public int stackFrames() {
        return stackBytes / FRAME_BYTES;
    }

    /** Bytes reserved from the budget for one tenant's store. */
    public long storeReservationBytes() {
        return (long) storeEntriesPerTenant * STORE_ENTRY_BYTES;
    }

    /** One line: id, clock, RAM, flash, budget, max containers. */
    public String summary() {
        return id + ": " + description + ", " + clockHz / 1_000_000 + " MHz, " + ramBytes / 1024 + " KiB RAM, "
                + (flashBytes > 0 ? flashBytes / 1024 + " KiB flash, " : "")
                + "container budget " + containerMemoryBytes + " B, at most " + maxContainers + " containers, "
                + stackBytes + " B stack each";
    }
}
