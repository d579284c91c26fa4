package io.femto4j.board;

import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SaulRegistry;

import java.util.List;
import java.util.Objects;

/**
 * One simulated SAUL device of a board: its name, RIOT SAUL class and the reading it starts with (for an
 * actuator, its initial state). Readings are deterministic: they change only when the host sets them.
 *
 * @param name      e.g. {@code "temp0"}
 * @param saulClass e.g. {@link SaulRegistry#SENSE_TEMP}
 * @param initial   first reading or state
 */
public record SaulSpec(String name, int saulClass, Phydat initial) {

    /**
     * Humidity is in percent relative humidity; the SDK's header names no percent unit, so it is reported
     * as {@code UNIT_NONE} with scale -2 (4500 = 45.00 %).
     */
    public static final int HUMIDITY_UNIT = Phydat.UNIT_NONE;

    public SaulSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(initial, "initial");
    }

    /** Whether the guest writes it ({@code saul_reg_write}) rather than reads it. */
    public boolean actuator() {
        return (saulClass & 0xc0) == 0x40;
    }

    /**
     * The standard set, in this order so that position 0 and 1 match {@code SimulatedBoard} and the SDK
     * examples: {@code led0} (switch, off), {@code temp0} (23.45 °C), {@code hum0} (45.00 %RH),
     * {@code btn0} (button, released).
     */
    public static List<SaulSpec> standard() {
        return List.of(
                new SaulSpec("led0", SaulRegistry.ACT_SWITCH, Phydat.of(0, Phydat.UNIT_NONE, 0)),
                new SaulSpec("temp0", SaulRegistry.SENSE_TEMP, Phydat.of(2345, Phydat.UNIT_TEMP_C, -2)),
                new SaulSpec("hum0", SaulRegistry.SENSE_HUM, Phydat.of(4500, HUMIDITY_UNIT, -2)),
                new SaulSpec("btn0", SaulRegistry.SENSE_BTN, Phydat.of(0, Phydat.UNIT_NONE, 0)));
    }
}
