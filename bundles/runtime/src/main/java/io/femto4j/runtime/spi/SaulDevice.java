package io.femto4j.runtime.spi;

import java.util.Optional;

/** A SAUL sensor or actuator. Thread-safe. */
public interface SaulDevice {

    /** For people, e.g. "temp0". */
    String name();

    /** Its RIOT SAUL class, e.g. {@link SaulRegistry#SENSE_TEMP}. */
    int saulClass();

    /** A reading, or empty when the device cannot be read now (or is an actuator). */
    Optional<Phydat> read();

    /**
     * Sets an actuator.
     *
     * @return values taken (1 to 3), or a negative errno-style value (e.g. -95 when not supported)
     */
    int write(Phydat value);
}
