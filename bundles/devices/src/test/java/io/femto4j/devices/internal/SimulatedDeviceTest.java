package io.femto4j.devices.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.femto4j.board.BoardRun;
import io.femto4j.board.gd32vf103.internal.Gd32vf103Board;
import io.femto4j.board.nrf52840.internal.Nrf52840Board;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedDeviceTest {
    static final Path EXAMPLES = Path.of(System.getProperty("femto4j.repo.dir", "../.."), "sdk/examples");
    static final HookSpec HOOK = new HookSpec("shell", 1024, false, Set.of());
    static final TenantId T = TenantId.of("default");

    static SimulatedDevice device(io.femto4j.board.BoardProfile profile) {
        SimulatedDevice d = new SimulatedDevice("d", profile);
        d.putTenant(Tenant.trusted("default"));
        return d;
    }

    @Test
    void fletcher32RunsOnTheNrf52840WithAnEstimate() throws Exception {
        SimulatedDevice d = device(new Nrf52840Board().profile());
        ContainerId id = ContainerId.of("f");
        d.install(id, Files.readAllBytes(EXAMPLES.resolve("fletcher32.o")), T, HOOK, null);
        d.runtime().attach(id);
        BoardRun run = d.run(id, Invocation.of(Files.readAllBytes(EXAMPLES.resolve("fletcher32-input.txt"))));
        assertEquals(0x5bac8c3dL, run.result().r0());
        assertEquals(1471, run.estimate().instructions());
        assertTrue(run.estimate().method().contains("static mix"), run.estimate().toString());
        assertTrue(run.estimate().micros() > 700 && run.estimate().micros() < 1000, run.estimate().toString());
        // the same run on the smaller, faster-per-cycle RISC-V board is estimated shorter
        SimulatedDevice gd = device(new Gd32vf103Board().profile());
        gd.install(id, Files.readAllBytes(EXAMPLES.resolve("fletcher32.o")), T, HOOK, null);
        gd.runtime().attach(id);
        BoardRun onGd = gd.run(id, Invocation.of(Files.readAllBytes(EXAMPLES.resolve("fletcher32-input.txt"))));
        assertEquals(run.estimate().micros() * 754 / 1750, onGd.estimate().micros(), 1e-6);
    }

    @Test
    void oversizedProgramIsRefusedOnGd32vf103WithWhatDoesNotFit() {
        SimulatedDevice d = device(new Gd32vf103Board().profile());
        byte[] big = bigProgram(1200); // 9600 bytes of text > 8 KiB budget
        InstallException e = assertThrows(InstallException.class,
                () -> d.install(ContainerId.of("big"), big, T, HOOK, null));
        assertEquals(InstallException.Stage.QUOTA, e.stage());
        assertTrue(e.getMessage().contains("does not fit board gd32vf103")
                && e.getMessage().contains("container memory budget") && e.getMessage().contains("text 9600"),
                e.getMessage());
        assertTrue(d.runtime().containers().isEmpty());
    }

    @Test
    void replaceChecksTheBoardWithTheOldImageGivenBackAndKeepsItOnFailure() throws Exception {
        SimulatedDevice d = device(new Gd32vf103Board().profile());
        ContainerId id = ContainerId.of("r");
        d.install(id, bigProgram(600), T, HOOK, null); // 4800 bytes of text of the 8 KiB budget
        d.runtime().attach(id);
        d.replace(id, bigProgram(700), null); // fits only because the old image's 4800 bytes are given back
        assertEquals(2, d.runtime().info(id).orElseThrow().stats().version());
        InstallException e = assertThrows(InstallException.class, () -> d.replace(id, bigProgram(1200), null));
        assertEquals(InstallException.Stage.QUOTA, e.stage());
        assertTrue(e.getMessage().contains("does not fit board gd32vf103"), e.getMessage());
        assertEquals(2, d.runtime().info(id).orElseThrow().stats().version(), "the previous image stays");
        assertEquals(1, d.run(id, Invocation.empty()).result().r0());
        assertTrue(d.estimate(id, 10).method().contains("static mix"), "the replaced image's mix is known");
        d.runtime().replace(id, bigProgram(10), null); // past the device: it did not profile this image
        assertTrue(d.estimate(id, 10).method().contains("mix unknown"), d.estimate(id, 10).method());
        d.replace(id, bigProgram(10), null);
        assertTrue(d.estimate(id, 10).method().contains("static mix"), "profiled again");
        d.runtime().detach(id);
        d.uninstall(id);
        assertTrue(d.estimate(id, 10).method().contains("mix unknown"), "forgotten with the container");
    }

    @Test
    void boardContainerLimitCountsEveryTenant() throws Exception {
        SimulatedDevice d = device(new Gd32vf103Board().profile());
        d.putTenant(Tenant.trusted("other"));
        byte[] tiny = bigProgram(1);
        HookSpec small = new HookSpec("shell", 0, false, Set.of());
        for (int i = 0; i < 4; i++) {
            d.install(ContainerId.of("c" + i), tiny, TenantId.of(i % 2 == 0 ? "default" : "other"), small, null);
        }
        InstallException e = assertThrows(InstallException.class,
                () -> d.install(ContainerId.of("c4"), tiny, T, small, null));
        assertTrue(e.getMessage().contains("at most 4 containers"), e.getMessage());
        d.uninstall(ContainerId.of("c0"));
        d.install(ContainerId.of("c4"), tiny, T, small, null);
    }

    @Test
    void tenantQuotasAreCappedAtTheBoard() {
        SimulatedDevice d = device(new Gd32vf103Board().profile());
        Tenant t = d.runtime().tenant(T).orElseThrow();
        assertEquals(4, t.quotas().containers());
        assertEquals(8 * 1024, t.quotas().memoryBytes());
        assertEquals(64, t.quotas().storeEntries());
        assertEquals(64 * 8, d.memoryUsed());
    }

    @Test
    void readingsAreSetByTheHost() {
        SimulatedDevice d = device(new Nrf52840Board().profile());
        d.setReading("temp0", Phydat.of(-550, Phydat.UNIT_TEMP_C, -2));
        assertEquals(Phydat.of(-550, Phydat.UNIT_TEMP_C, -2), d.saul().get(1).read().orElseThrow());
        d.setReading("led0", Phydat.of(1, Phydat.UNIT_NONE, 0));
        assertEquals(1, d.saul().get(0).read().orElseThrow().values()[0]);
        assertThrows(IllegalArgumentException.class, () -> d.setReading("nope", Phydat.of(1, 1, 0)));
    }

    /** {@code n - 1} times {@code mov r0, 1}, then exit: n instructions. */
    static byte[] bigProgram(int n) {
        byte[] b = new byte[n * 8];
        for (int i = 0; i < n - 1; i++) {
            b[i * 8] = (byte) 0xb7;
            b[i * 8 + 4] = 1;
        }
        b[(n - 1) * 8] = (byte) 0x95;
        return b;
    }
}
