package io.femto4j.itests;

import static io.femto4j.itests.Itests.WAIT_MILLIS;
import static io.femto4j.itests.Itests.reactorBundle;
import static io.femto4j.itests.Itests.required;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;

import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.femto4j.board.BoardRun;
import io.femto4j.board.Device;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;

/**
 * Boards and devices in a real Felix framework with SCR and ConfigAdmin. The framework starts with the
 * native and nrf52840 board bundles only; the esp32 and gd32vf103 bundles are installed from their jars by the
 * tests, as an operator would at run time. Each test leaves the platform as it found it (its configurations
 * deleted, its board bundles uninstalled), so the default device is back for the next.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class BoardsIT {
    static final HookSpec HOOK = new HookSpec("itest", 1024, false, Set.of());
    static final TenantId TENANT = TenantId.of("default");

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        Path work = Path.of(required("femto4j.itest.dir")).toAbsolutePath();
        return options(
                workingDirectory(work.resolve("paxexam-boards").toString()),
                cleanCaches(),
                systemProperty("femto4j.bundle.board.esp32").value(required("femto4j.bundle.board.esp32")),
                systemProperty("femto4j.bundle.board.gd32vf103").value(required("femto4j.bundle.board.gd32vf103")),
                systemProperty("femto4j.sdk.examples").value(required("femto4j.sdk.examples")),
                Itests.declarativeServices(),
                Itests.core(),
                Itests.compiler(),
                reactorBundle("femto4j.bundle.board.api"),
                reactorBundle("femto4j.bundle.devices"),
                reactorBundle("femto4j.bundle.board.native"),
                reactorBundle("femto4j.bundle.board.nrf52840"),
                junitBundles());
    }

    @Test
    public void defaultDeviceRunsFletcher32WithABoardTimeEstimate() throws Exception {
        Device dev0 = awaitDevice("dev0");
        assertEquals("nrf52840", dev0.board().id());
        assertEquals("nrf52840", awaitReference("dev0").getProperty("board.id"));
        Path examples = Path.of(System.getProperty("femto4j.sdk.examples"));
        ContainerId id = ContainerId.of("fletcher32-itest");
        dev0.install(id, Files.readAllBytes(examples.resolve("fletcher32.o")), TENANT, HOOK, null);
        try {
            dev0.runtime().attach(id);
            BoardRun run = dev0.run(id, Invocation.of(Files.readAllBytes(examples.resolve("fletcher32-input.txt"))));
            assertEquals(0x5bac8c3dL, run.result().r0());
            assertEquals("nrf52840", run.estimate().board());
            assertEquals(run.result().instructions(), run.estimate().instructions());
            // about 0.57 us per instruction on the Cortex-M4: well above the host, well below a division each
            double perInstruction = run.estimate().micros() / run.estimate().instructions();
            assertTrue(run.estimate().toString(), perInstruction > 0.45 && perInstruction < 1.0);
        } finally {
            dev0.runtime().detach(id);
            dev0.uninstall(id);
        }
    }

    @Test
    public void boardBundleInstalledAtRunTimeBringsItsDeviceAndTakesItAway() throws Exception {
        awaitDevice("dev0");
        assertTrue("no esp32 device before its board", devices("(board.id=esp32)").isEmpty());
        List<Configuration> configs = new ArrayList<>();
        configs.add(configure("dev0", "nrf52840"));
        configs.add(configure("esp", "esp32"));
        Bundle esp32 = null;
        try {
            Thread.sleep(500); // the configuration alone must not make a device: its board is missing
            assertTrue("esp device without its board", devices("(device.name=esp)").isEmpty());

            esp32 = context.installBundle(Path.of(System.getProperty("femto4j.bundle.board.esp32")).toUri().toString());
            esp32.start();
            Device esp = awaitDevice("esp");
            assertEquals("esp32", esp.board().id());
            ContainerId id = ContainerId.of("kept");
            esp.install(id, RETURN_42, TENANT, HOOK, null);
            esp.runtime().attach(id);

            esp32.uninstall();
            esp32 = null;
            awaitGone("(device.name=esp)");
            assertNotNull("dev0 must not depend on the esp32 board", awaitDevice("dev0"));

            // back again: the same device, its container kept
            esp32 = context.installBundle(Path.of(System.getProperty("femto4j.bundle.board.esp32")).toUri().toString());
            esp32.start();
            Device back = awaitDevice("esp");
            assertEquals(42L, back.run(id, Invocation.empty()).result().r0());
        } finally {
            if (esp32 != null) {
                esp32.uninstall();
            }
            for (Configuration c : configs) {
                c.delete();
            }
        }
        awaitGone("(device.name=esp)");
    }

    @Test
    public void oversizedInstallOnGd32vf103IsRefusedWithWhatDoesNotFit() throws Exception {
        awaitDevice("dev0");
        List<Configuration> configs = List.of(configure("dev0", "nrf52840"), configure("nano", "gd32vf103"));
        Bundle gd = context.installBundle(Path.of(System.getProperty("femto4j.bundle.board.gd32vf103")).toUri().toString());
        try {
            gd.start();
            Device nano = awaitDevice("nano");
            byte[] big = program(1200); // 9600 bytes of text; the board gives containers 8 KiB
            try {
                nano.install(ContainerId.of("big"), big, TENANT, HOOK, null);
                fail("a 9600-byte program installed on gd32vf103");
            } catch (InstallException e) {
                assertEquals(InstallException.Stage.QUOTA, e.stage());
                assertTrue(e.getMessage(), e.getMessage().contains("does not fit board gd32vf103")
                        && e.getMessage().contains("container memory budget"));
            }
            assertTrue(nano.runtime().containers().isEmpty());
            // the same program fits the nrf52840
            Device dev0 = awaitDevice("dev0");
            dev0.install(ContainerId.of("big"), big, TENANT, HOOK, null);
            dev0.uninstall(ContainerId.of("big"));
        } finally {
            gd.uninstall();
            for (Configuration c : configs) {
                c.delete();
            }
        }
        awaitGone("(device.name=nano)");
    }

    // --- helpers -----------------------------------------------------------------------------

    /** mov r0, 42; exit */
    static final byte[] RETURN_42 = program(2, 42);

    static byte[] program(int n) {
        return program(n, 1);
    }

    /** {@code n - 1} times {@code mov r0, value}, then exit. */
    static byte[] program(int n, int value) {
        byte[] b = new byte[n * 8];
        for (int i = 0; i < n - 1; i++) {
            b[i * 8] = (byte) 0xb7;
            b[i * 8 + 4] = (byte) value;
        }
        b[(n - 1) * 8] = (byte) 0x95;
        return b;
    }

    private Configuration configure(String name, String board) throws Exception {
        Configuration c = configAdmin.createFactoryConfiguration("io.femto4j.device", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("name", name);
        props.put("board", board);
        c.update(props);
        return c;
    }

    private Collection<ServiceReference<Device>> devices(String filter) throws InvalidSyntaxException {
        return context.getServiceReferences(Device.class, filter);
    }

    private ServiceReference<Device> awaitReference(String name) throws Exception {
        return Itests.awaitDevice(context, name);
    }

    private Device awaitDevice(String name) throws Exception {
        return context.getService(awaitReference(name));
    }

    private void awaitGone(String filter) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (!devices(filter).isEmpty()) {
            if (System.currentTimeMillis() > deadline) {
                fail("a Device " + filter + " is still registered after " + WAIT_MILLIS + " ms");
            }
            Thread.sleep(50);
        }
    }
}
