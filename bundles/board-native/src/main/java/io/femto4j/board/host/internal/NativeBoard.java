package io.femto4j.board.host.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardProvider;
import io.femto4j.board.CostModel;
import io.femto4j.board.SaulSpec;

import org.osgi.service.component.annotations.Component;

/**
 * The host itself: femto4j's interpreter on the JVM, with generous limits (16 MiB for containers, 256 of them).
 * Its cost model is flat, 1.4 ns per instruction, what a decoded-array switch interpreter was measured to take
 * on this kind of machine; the measured host time of every run is reported next to it. The clock is nominal.
 */
@Component(service = BoardProvider.class, property = BoardProvider.BOARD_ID + "=" + NativeBoard.ID)
public final class NativeBoard implements BoardProvider {
    static final String ID = "native";

    private static final BoardProfile PROFILE = new BoardProfile(ID, "the host JVM (femto4j interpreter)",
            3_000_000_000L, 1024L * 1024 * 1024, 0, 16 * 1024 * 1024, 256, 8 * BoardProfile.FRAME_BYTES, 4096,
            CostModel.flat(0.0014, "estimate: ~1.4 ns per instruction of a JVM switch interpreter on this kind of"
                    + " machine; the run's host time is measured"),
            SaulSpec.standard());

    @Override
    public BoardProfile profile() {
        return PROFILE;
    }
}
