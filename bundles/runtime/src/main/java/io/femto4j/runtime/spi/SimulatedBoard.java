package io.femto4j.runtime.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A deterministic host board for the command line and tests: a temperature sensor whose reading the host sets
 * (23.45 degrees Celsius at first), a switch actuator that remembers what was written, and a clock the host
 * advances by hand (or the system clock). Thread-safe.
 */
public final class SimulatedBoard implements Board {

    /** A sensor reporting whatever the host last set. */
    public static final class Sensor implements SaulDevice {
        private final String name;
        private final int saulClass;
        private final AtomicReference<Phydat> value;

        public Sensor(String name, int saulClass, Phydat initial) {
            this.name = name;
            this.saulClass = saulClass;
            this.value = new AtomicReference<>(initial);
        }

        /** What later reads return; null makes reads fail. */
        public void set(Phydat reading) {
            value.set(reading);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int saulClass() {
            return saulClass;
        }

        @Override
        public Optional<Phydat> read() {
            return Optional.ofNullable(value.get());
        }

        @Override
        public int write(Phydat ignored) {
            return -95; // EOPNOTSUPP: a sensor cannot be set
        }
    }

    /** An actuator that remembers the last value written. */
    public static final class Switch implements SaulDevice {
        private final String name;
        private final AtomicReference<Phydat> state = new AtomicReference<>(Phydat.of(0, Phydat.UNIT_NONE, 0));

        public Switch(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int saulClass() {
            return SaulRegistry.ACT_SWITCH;
        }

        @Override
        public Optional<Phydat> read() {
            return Optional.of(state.get());
        }

        @Override
        public int write(Phydat value) {
            state.set(value);
            return value.dims();
        }

        public Phydat state() {
            return state.get();
        }
    }

    private final Sensor temperature = new Sensor("temp0", SaulRegistry.SENSE_TEMP,
            Phydat.of(2345, Phydat.UNIT_TEMP_C, -2));
    private final Switch led = new Switch("led0");
    private final AtomicLong micros = new AtomicLong();
    private final boolean systemClock;
    private final SaulRegistry registry;

    private SimulatedBoard(boolean systemClock) {
        this.systemClock = systemClock;
        List<SaulDevice> devices = new ArrayList<>();
        devices.add(led);
        devices.add(temperature);
        this.registry = SaulRegistry.of(devices);
    }

    /** Registry: position 0 the switch "led0", position 1 the sensor "temp0"; a manual clock starting at 0. */
    public static SimulatedBoard create() {
        return new SimulatedBoard(false);
    }

    /** As {@link #create()} but with the JVM's monotonic clock. */
    public static SimulatedBoard withSystemClock() {
        return new SimulatedBoard(true);
    }

    public Sensor temperature() {
        return temperature;
    }

    public Switch led() {
        return led;
    }

    /** Moves the manual clock forward. */
    public void advanceMicros(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("the clock is monotonic");
        }
        micros.addAndGet(delta);
    }

    @Override
    public SaulRegistry saul() {
        return registry;
    }

    @Override
    public Clock clock() {
        return systemClock ? Clock.system() : micros::get;
    }
}
