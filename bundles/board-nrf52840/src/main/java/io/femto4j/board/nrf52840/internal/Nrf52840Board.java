package io.femto4j.board.nrf52840.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardProvider;
import io.femto4j.board.CostModel;
import io.femto4j.board.SaulSpec;

import org.osgi.service.component.annotations.Component;

/**
 * Nordic nRF52840 (Cortex-M4F at 64 MHz, 256 KiB RAM, 1 MiB flash): the board the Femto-Containers paper timed
 * instruction by instruction, so its cost model is the measured one. A quarter of the RAM goes to containers;
 * 16 containers of 4 stack frames (2 KiB) each fit with room for their text and contexts.
 */
@Component(service = BoardProvider.class, property = BoardProvider.BOARD_ID + "=" + Nrf52840Board.ID)
public final class Nrf52840Board implements BoardProvider {
    static final String ID = "nrf52840";

    private static final BoardProfile PROFILE = new BoardProfile(ID, "Nordic nRF52840 (Arm Cortex-M4F @ 64 MHz)",
            64_000_000L, 256 * 1024, 1024 * 1024, 64 * 1024, 16, 4 * BoardProfile.FRAME_BYTES, 256,
            CostModel.cortexM4(), SaulSpec.standard());

    @Override
    public BoardProfile profile() {
        return PROFILE;
    }
}
