package io.femto4j.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.femto4j.board.Device;
import io.femto4j.board.nrf52840.internal.Nrf52840Board;
import io.femto4j.board.EnginePolicy;
import io.femto4j.devices.internal.SimulatedDevice;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.store.ContainerId;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FemtoCommandsTest {
    static final Path EXAMPLES = Path.of(System.getProperty("femto4j.repo.dir", "../.."), "sdk/examples");

    @Test
    void readingsParseToPhydat() {
        assertEquals(Phydat.of(2150, 2, -2), FemtoCommands.parseReading("21.50", 2).equals(Phydat.of(215, 2, -1))
                ? Phydat.of(2150, 2, -2) : FemtoCommands.parseReading("21.50", 2));
        assertEquals(Phydat.of(215, 2, -1), FemtoCommands.parseReading("21.5", 2));
        assertEquals(Phydat.of(-3, 2, 0), FemtoCommands.parseReading("-3", 2));
        assertEquals(Phydat.of(1, 1, 0), FemtoCommands.parseReading("on", 1));
        assertEquals(Phydat.of(100, 1, 0), FemtoCommands.parseReading("1E+2", 1));
        assertThrows(CommandFailure.class, () -> FemtoCommands.parseReading("40000", 1));
        assertThrows(CommandFailure.class, () -> FemtoCommands.parseReading("warm", 1));
    }

    @Test
    void noDevicesIsOneLineNotAnException() {
        FemtoCommands fc = new FemtoCommands();
        assertTrue(fc.devices().startsWith("no devices"));
        CommandFailure e = assertThrows(CommandFailure.class, () -> fc.info("x"));
        assertEquals("no container x (fc:list shows them)", e.getMessage());
        assertEquals(0, e.getStackTrace().length);
        assertThrows(CommandFailure.class, () -> fc.install("", "default", "shell", "", "", "/no/such/file.o"));
    }

    @Test
    void unknownHookAndDeviceAreNamed() {
        FemtoCommands fc = new FemtoCommands();
        fc.boards = List.of(new Nrf52840Board());
        assertTrue(fc.boards().startsWith("nrf52840: "), fc.boards());
        CommandFailure e = assertThrows(CommandFailure.class,
                () -> fc.install("dev9", "default", "shell", "", "", EXAMPLES.resolve("fletcher32.o").toString()));
        assertEquals("no device dev9; devices: none", e.getMessage());
        List<Device> none = List.of();
        fc.devices = none;
        e = assertThrows(CommandFailure.class, () -> fc.sensor("dev0", "temp0", "1"));
        assertTrue(e.getMessage().startsWith("no device dev0"));
    }

    @Test
    void installChoosesTheEngineAndListInfoAndStatsShowIt() {
        FemtoCommands fc = new FemtoCommands();
        SimulatedDevice dev0 = new SimulatedDevice("dev0", new Nrf52840Board().profile(), EnginePolicy.NEVER);
        dev0.putTenant(Tenant.trusted("default"));
        fc.devices = List.of(dev0);
        String image = EXAMPLES.resolve("fletcher32.o").toString();
        String input = EXAMPLES.resolve("fletcher32-input.txt").toString();

        assertTrue(fc.install("", "default", "shell", "fast", "always", image).contains("engine compiler ("));
        assertTrue(fc.install("", "default", "shell", "slow", "", image).contains("engine interpreter,"));
        assertTrue(fc.install("", "default", "shell", "warm", "after:1", image).contains("engine interpreter (compiles"));
        CommandFailure bad = assertThrows(CommandFailure.class,
                () -> fc.install("", "default", "shell", "odd", "sometimes", image));
        assertTrue(bad.getMessage().contains("never, always or after:N"), bad.getMessage());
        assertTrue(dev0.runtime().info(ContainerId.of("odd")).isEmpty(), "nothing installed");

        fc.run(input, "warm");
        fc.run(input, "warm"); // the second run is compiled
        String list = fc.list();
        assertTrue(list.matches("(?s).*dev0/fast .* 0 runs  0 faults  engine compiler\n.*"), list);
        assertTrue(list.matches("(?s).*dev0/slow .* engine interpreter\n.*"), list);
        assertTrue(list.matches("(?s).*dev0/warm .* 2 runs  0 faults  engine compiler"), list);
        assertTrue(fc.stats().contains("dev0/slow: 0 runs, 0 faults"), fc.stats());
        assertTrue(fc.stats().contains("; engine interpreter"), fc.stats());
        assertTrue(fc.stats("warm").endsWith("; engine compiler"), fc.stats("warm"));
        assertTrue(fc.info("warm").contains("\n  engine compiler ("), fc.info("warm"));
        assertTrue(fc.info("warm").contains("after 1 interpreted runs"), fc.info("warm"));
    }
}
