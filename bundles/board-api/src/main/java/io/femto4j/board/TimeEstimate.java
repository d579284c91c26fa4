package io.femto4j.board;

import java.util.Locale;

/**
 * The estimated time of a run on a board: executed instructions times a mean cost per instruction. An estimate:
 * the VM counts instructions but not their classes, so the mean comes from the program's static mix
 * ({@link InstructionMix}) or, when that is unknown, from the cost model's plain mean.
 *
 * @param board        board id
 * @param instructions instructions the run executed
 * @param micros       estimated microseconds on the board
 * @param method       how the mean cost was found, e.g. "loop-weighted static mix"
 */
public record TimeEstimate(String board, long instructions, double micros, String method) {

    /** e.g. {@code "~2101.3 us on nrf52840 (1234 instructions x 0.531 us, loop-weighted static mix)"}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "~%.1f us on %s (%d instructions x %.3f us, %s)", micros, board,
                instructions, instructions == 0 ? 0.0 : micros / instructions, method);
    }
}
