package io.femto4j.runtime.spi;

import java.util.List;

/** The SAUL devices of a board, by position. Immutable or thread-safe. */
public interface SaulRegistry {
    int ACT_SWITCH = 0x44;
    int SENSE_BTN = 0x81;
    int SENSE_TEMP = 0x82;
    int SENSE_HUM = 0x83;

    /** The devices, position 0 first. */
    List<SaulDevice> devices();

    /** Position of the first device of {@code saulClass}, or -1. */
    default int findType(int saulClass) {
        List<SaulDevice> all = devices();
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).saulClass() == saulClass) {
                return i;
            }
        }
        return -1;
    }

    static SaulRegistry of(List<SaulDevice> devices) {
        List<SaulDevice> copy = List.copyOf(devices);
        return () -> copy;
    }
}
