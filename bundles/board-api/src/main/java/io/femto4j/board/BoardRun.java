package io.femto4j.board;

import io.femto4j.runtime.RunResult;

/**
 * A run on a device: what the runtime reports, and the estimated time the run would take on the board.
 *
 * @param result   outcome, host time and output
 * @param estimate time on the board, estimated from the executed instruction count
 */
public record BoardRun(RunResult result, TimeEstimate estimate) {
}
