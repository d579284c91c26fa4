package io.femto4j.board.gd32vf103.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardProvider;
import io.femto4j.board.CostModel;
import io.femto4j.board.SaulSpec;

import org.osgi.service.component.annotations.Component;

/**
 * GigaDevice GD32VF103 on the Sipeed Longan Nano (RISC-V RV32IMAC at 64 MHz, 32 KiB RAM, 128 KiB flash): the
 * smallest board. Containers get 8 KiB of its RAM, at most 4 of them, with 2 stack frames (1 KiB) each and 64
 * store entries per tenant. The paper's thread-counter hook with the app took 754 ticks against 1750 on the
 * Cortex-M4 at the same clock, so the Cortex-M4 costs are scaled by 754 / 1750 (an estimate).
 */
@Component(service = BoardProvider.class, property = BoardProvider.BOARD_ID + "=" + Gd32vf103Board.ID)
public final class Gd32vf103Board implements BoardProvider {
    static final String ID = "gd32vf103";
    static final long CLOCK_HZ = 64_000_000L;

    private static final BoardProfile PROFILE = new BoardProfile(ID,
            "GigaDevice GD32VF103, Sipeed Longan Nano (RISC-V RV32IMAC @ 64 MHz)",
            CLOCK_HZ, 32 * 1024, 128 * 1024, 8 * 1024, 4, 2 * BoardProfile.FRAME_BYTES, 64,
            CostModel.relativeToCortexM4(754.0 / 1750.0, CLOCK_HZ,
                    "thread-counter hook 754 vs 1750 ticks on Cortex-M4"),
            SaulSpec.standard());

    @Override
    public BoardProfile profile() {
        return PROFILE;
    }
}
