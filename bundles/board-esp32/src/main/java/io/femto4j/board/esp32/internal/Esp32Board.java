package io.femto4j.board.esp32.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardProvider;
import io.femto4j.board.CostModel;
import io.femto4j.board.SaulSpec;

import org.osgi.service.component.annotations.Component;

/**
 * Espressif ESP32 WROOM-32 (Xtensa LX6, 520 KiB RAM, 4 MiB external flash), clocked at 64 MHz as in the
 * Femto-Containers paper. The paper gives no per-instruction times for it; its thread-counter hook with the app
 * took 1163 clock ticks against 1750 on the Cortex-M4 at the same clock, so the Cortex-M4 costs are scaled by
 * 1163 / 1750 (an estimate: one app's ratio applied to every instruction class).
 */
@Component(service = BoardProvider.class, property = BoardProvider.BOARD_ID + "=" + Esp32Board.ID)
public final class Esp32Board implements BoardProvider {
    static final String ID = "esp32";
    static final long CLOCK_HZ = 64_000_000L;

    private static final BoardProfile PROFILE = new BoardProfile(ID, "Espressif ESP32 WROOM-32 (Xtensa LX6 @ 64 MHz)",
            CLOCK_HZ, 520 * 1024, 4 * 1024 * 1024, 128 * 1024, 32, 8 * BoardProfile.FRAME_BYTES, 512,
            CostModel.relativeToCortexM4(1163.0 / 1750.0, CLOCK_HZ,
                    "thread-counter hook 1163 vs 1750 ticks on Cortex-M4"),
            SaulSpec.standard());

    @Override
    public BoardProfile profile() {
        return PROFILE;
    }
}
