package io.femto4j.devices.internal;

import io.femto4j.board.SaulSpec;
import io.femto4j.runtime.spi.Board;
import io.femto4j.runtime.spi.Clock;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SaulDevice;
import io.femto4j.runtime.spi.SaulRegistry;
import io.femto4j.runtime.spi.SimulatedBoard;

import java.util.ArrayList;
import java.util.List;

/**
 * A device's simulated peripherals: the SAUL devices its board lists, with readings that change only when the
 * host sets them, and a monotonic clock counting from the device's creation.
 */
final class SimulatedSaul implements Board {
    private final SaulRegistry registry;
    private final Clock clock;

    SimulatedSaul(List<SaulSpec> specs) {
        List<SaulDevice> devices = new ArrayList<>();
        for (SaulSpec spec : specs) {
            if (spec.actuator()) {
                SimulatedBoard.Switch actuator = new SimulatedBoard.Switch(spec.name());
                actuator.write(spec.initial());
                devices.add(actuator);
            } else {
                devices.add(new SimulatedBoard.Sensor(spec.name(), spec.saulClass(), spec.initial()));
            }
        }
        this.registry = SaulRegistry.of(devices);
        long origin = System.nanoTime();
        this.clock = () -> (System.nanoTime() - origin) / 1000;
    }

    /** Sets a sensor's reading or an actuator's state. */
    void set(String name, Phydat value) {
        for (SaulDevice d : registry.devices()) {
            if (d.name().equals(name)) {
                if (d instanceof SimulatedBoard.Sensor sensor) {
                    sensor.set(value);
                } else {
                    d.write(value);
                }
                return;
            }
        }
        throw new IllegalArgumentException("no SAUL device " + name + "; there are " + names());
    }

    List<String> names() {
        return registry.devices().stream().map(SaulDevice::name).toList();
    }

    @Override
    public SaulRegistry saul() {
        return registry;
    }

    @Override
    public Clock clock() {
        return clock;
    }
}
