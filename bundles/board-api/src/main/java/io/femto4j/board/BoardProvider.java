package io.femto4j.board;

/**
 * The service a board bundle publishes (with service property {@link #BOARD_ID}): the profile of its board.
 * A profile is a plain record, so a device built from it keeps nothing of the board bundle's classes and
 * survives that bundle being uninstalled.
 */
public interface BoardProvider {

    /** Service property: the board's {@link BoardProfile#id()}. */
    String BOARD_ID = "board.id";

    BoardProfile profile();
}
