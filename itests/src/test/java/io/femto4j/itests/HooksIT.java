package io.femto4j.itests;

import static io.femto4j.itests.Itests.WAIT_MILLIS;
import static io.femto4j.itests.Itests.waitFor;
import static io.femto4j.itests.Itests.reactorBundle;
import static io.femto4j.itests.Itests.required;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardRun;
import io.femto4j.board.TimeEstimate;
import io.femto4j.board.Device;
import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.ChainResult;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookStatus;
import io.femto4j.hooks.SwitchingExecutor;
import io.femto4j.isa.Assembler;
import io.femto4j.itests.tenant.TenantHookActivator;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerRuntime;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.RuntimeConfig;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SaulDevice;
import io.femto4j.runtime.spi.SimulatedBoard;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;

/**
 * The hook manager in a real Felix framework with SCR, ConfigAdmin and Californium: a tenant's hook-provider
 * bundle installed at run time gets a container attached and fired, and its uninstallation detaches the container
 * and leaves no thread or class behind; thread_counter.o counts the switches of the platform executor; a CoAP
 * client over loopback reads the average sensor_average.o computed, formatted by coap_formatter.o.
 *
 * <p>Devices are made here (a runtime on a simulated board, published as {@link Device} services with
 * {@code device.name} and {@code board.id}), as the device manager would.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HooksIT {
    static final TenantId TENANT = TenantId.of("t");
    static final String TENANT_BSN = "io.femto4j.itests.tenanthook";

    @Inject
    BundleContext context;

    @Inject
    HookManager hooks;

    @Configuration
    public Option[] config() {
        Path work = Path.of(required("femto4j.itest.dir")).toAbsolutePath();
        return options(
                workingDirectory(work.resolve("paxexam-hooks").toString()),
                cleanCaches(),
                Itests.declarativeServices(),
                // Californium logs through SLF4J, which pax-logging-api provides here; it also needs the JUL bridge
                Itests.californium(),
                Itests.core(),
                reactorBundle("femto4j.bundle.board.api"),
                reactorBundle("femto4j.bundle.hooks"),
                junitBundles());
    }

    // --- a device, as the device manager publishes one ----------------------------------------------------

    record SimDevice(String name, SimulatedBoard simulated, ContainerRuntime runtime) implements Device {
        @Override
        public BoardProfile board() {
            return new BoardProfile("sim", "simulated", 64_000_000, 256 * 1024, 1024 * 1024, 64 * 1024, 16);
        }

        long global(int key) {
            return runtime.config().stores().global().fetch(key);
        }

        ContainerId install(String id, byte[] image, HookSpec hook) throws Exception {
            runtime.install(ContainerId.of(id), image, TENANT, hook, null);
            return ContainerId.of(id);
        }

        // The board-level part of Device: the hook manager uses only name() and runtime(); this double
        // passes straight to the runtime and makes no board-time estimates.

        @Override
        public ContainerInfo install(ContainerId id, byte[] image, TenantId tenant, HookSpec hook, String entry)
                throws InstallException {
            return runtime.install(id, image, tenant, hook, entry);
        }

        @Override
        public void uninstall(ContainerId id) {
            runtime.uninstall(id);
        }

        @Override
        public BoardRun run(ContainerId id, Invocation invocation) {
            throw new UnsupportedOperationException("no board-time estimates here");
        }

        @Override
        public TimeEstimate estimate(ContainerId id, long instructions) {
            throw new UnsupportedOperationException("no board-time estimates here");
        }

        @Override
        public void putTenant(Tenant tenant) {
            runtime.putTenant(tenant);
        }

        @Override
        public List<Tenant> tenants() {
            return runtime.tenant(TENANT).map(List::of).orElse(List.of());
        }

        @Override
        public long memoryUsed() {
            return runtime.memoryUsed(TENANT);
        }

        @Override
        public List<SaulDevice> saul() {
            return simulated.saul().devices();
        }

        @Override
        public void setReading(String saulName, Phydat value) {
            throw new UnsupportedOperationException("set readings on simulated() directly");
        }
    }

    private ServiceRegistration<Device> publish(SimDevice device) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("device.name", device.name());
        props.put("board.id", "sim");
        return context.registerService(Device.class, device, props);
    }

    private SimDevice device(String name) throws InterruptedException {
        SimulatedBoard board = SimulatedBoard.withSystemClock();
        ContainerRuntime runtime = new ContainerRuntime(RuntimeConfig.defaults().withBoard(board));
        runtime.putTenant(Tenant.trusted(TENANT.name()));
        return new SimDevice(name, board, runtime);
    }

    private HookSpec spec(String hook) throws InterruptedException {
        waitFor("hook " + hook + " served", () -> hooks.spec(hook).isPresent());
        return hooks.spec(hook).orElseThrow();
    }

    private HookStatus status(String device, String hook) {
        return hooks.hooks().stream().filter(h -> h.device().equals(device) && h.hook().equals(hook))
                .findFirst().orElse(null);
    }

    // --- tests --------------------------------------------------------------------------------------------

    @Test
    public void aTenantHookBundleInstalledAtRunTimeFiresAndLeavesNothingBehindWhenUninstalled() throws Exception {
        SimDevice device = device("dev-tenant");
        ServiceRegistration<Device> reg = publish(device);
        try {
            Path jar = Path.of(required("femto4j.itest.dir"), "tenanthook.jar");
            writeTenantBundle(jar);
            Bundle tenant = context.installBundle(jar.toUri().toString());
            tenant.start();
            HookSpec spec = spec(TenantHookActivator.HOOK);
            ContainerId counter = device.install("counter", counting(1), spec);
            hooks.attach(device.name(), counter, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());

            waitFor("the tenant's thread firing the hook", () -> device.global(1) >= 3);
            ChainResult manual = hooks.trigger(device.name(), TenantHookActivator.HOOK, List.of());
            assertEquals(1, manual.runs().size());
            assertEquals(1, threadsNamed(TenantHookActivator.THREAD).size());

            WeakReference<ClassLoader> loader = new WeakReference<>(
                    tenant.loadClass(TenantHookActivator.class.getName()).getClassLoader());
            assertTrue("the tenant bundle has its own copy of the class",
                    loader.get() != TenantHookActivator.class.getClassLoader());
            tenant.uninstall();

            assertEquals(ContainerState.DETACHED, device.runtime().info(counter).orElseThrow().state());
            HookStatus gone = status(device.name(), TenantHookActivator.HOOK);
            assertNotNull(gone);
            assertTrue("provider gone in fc:hooks", gone.providerGone());
            assertEquals(counter, gone.chain().get(0).attachment().container());
            assertEquals(List.of(), threadsNamed(TenantHookActivator.THREAD));
            long runs = device.global(1);
            Thread.sleep(100);
            assertEquals("no firing after the uninstall", runs, device.global(1));

            refresh();
            FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
            assertTrue("removal pending: " + wiring.getRemovalPendingBundles(),
                    wiring.getRemovalPendingBundles().isEmpty());
            waitFor("the tenant bundle's class loader collected (no class of it left)", () -> {
                System.gc();
                return loader.get() == null;
            });
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void threadCounterCountsTheSwitchesOfThePlatformExecutor() throws Exception {
        SimDevice device = device("dev-sched");
        ServiceRegistration<Device> reg = publish(device);
        try {
            ContainerId counter = device.install("thread_counter", example("thread_counter"), spec("sched"));
            hooks.attach(device.name(), counter, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
            SwitchingExecutor executor = context.getService(context.getServiceReference(SwitchingExecutor.class));
            long before = executor.switches();

            CountDownLatch done = new CountDownLatch(90);
            for (int i = 0; i < 90; i++) {
                executor.execute(1 + i % 3, done::countDown);
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));

            long counted = device.global(1) + device.global(2) + device.global(3);
            assertEquals(executor.switches() - before, counted);
            assertTrue("switches counted: " + counted, counted >= 3);
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void aCoapClientOverLoopbackReadsTheAverage() throws Exception {
        // port 0: a free port per device, so parallel builds on one machine do not collide on 5683
        ConfigurationAdmin configAdmin = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        org.osgi.service.cm.Configuration coapConfig = configAdmin.getConfiguration("io.femto4j.hooks.coap", "?");
        Dictionary<String, Object> settings = new Hashtable<>();
        settings.put("port", "0");
        coapConfig.update(settings);
        SimDevice device = device("dev-coap");
        ServiceRegistration<Device> reg = publish(device);
        CoapEndpoint endpoint = null;
        try {
            Pattern address = Pattern.compile("coap://([0-9.]+):(\\d+)/fc/.*");
            waitFor("the CoAP server of dev-coap on a free port", () -> {
                HookStatus s = status(device.name(), "coap");
                if (s == null) {
                    return false;
                }
                Matcher m = address.matcher(s.details());
                return m.matches() && !m.group(2).equals("5683");
            });
            Matcher m = address.matcher(status(device.name(), "coap").details());
            assertTrue(m.matches());
            assertEquals("loopback by default", "127.0.0.1", m.group(1));

            ContainerId average = device.install("average", example("sensor_average"), spec("sensor"));
            ContainerId formatter = device.install("formatter", example("coap_formatter"), spec("coap"));
            hooks.attach(device.name(), average, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
            hooks.attach(device.name(), formatter, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
            // the simulated sensor reads 23.45 degrees; one reading fills sensor_average's window
            assertEquals(0, hooks.trigger(device.name(), "sensor", List.of()).runs().get(0).r0());
            assertEquals(2345, device.global(0x50));

            CoapConfig.register();
            UdpConfig.register();
            endpoint = CoapEndpoint.builder().build();
            CoapClient client = new CoapClient("coap://127.0.0.1:" + m.group(2) + "/fc/formatter");
            client.setEndpoint(endpoint);
            client.setTimeout(5000L);
            CoapResponse response = client.get();
            client.shutdown();

            assertNotNull("no CoAP answer", response);
            assertEquals(CoAP.ResponseCode.CONTENT, response.getCode());
            assertEquals("23.45", response.getResponseText());
        } finally {
            if (endpoint != null) {
                endpoint.destroy();
            }
            reg.unregister();
            coapConfig.delete();
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    /** Adds 1 to global key {@code key} and returns 0. */
    static byte[] counting(int key) throws Exception {
        return Assembler.assemble("mov %r1, " + key + "\nmov %r2, 1\nmov %r3, 0\ncall 0x1012\nmov %r0, 0\nexit\n")
                .toBytes();
    }

    static byte[] example(String name) throws IOException {
        return Files.readAllBytes(Path.of(required("femto4j.sdk.examples"), name + ".o"));
    }

    static List<String> threadsNamed(String name) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().equals(name)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** A bundle of one class, {@link TenantHookActivator}, copied from the test classes. */
    private void writeTenantBundle(Path file) throws IOException {
        String entry = TenantHookActivator.class.getName().replace('.', '/') + ".class";
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", TENANT_BSN);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Bundle-Activator", TenantHookActivator.class.getName());
        main.putValue("Import-Package", "io.femto4j.hooks,io.femto4j.runtime,org.osgi.framework");
        Files.createDirectories(file.getParent());
        try (InputStream in = TenantHookActivator.class.getClassLoader().getResourceAsStream(entry);
             OutputStream out = Files.newOutputStream(file);
             JarOutputStream jar = new JarOutputStream(out, mf)) {
            assertNotNull(entry + " not found", in);
            jar.putNextEntry(new JarEntry(entry));
            in.transferTo(jar);
            jar.closeEntry();
        }
    }

    private void refresh() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(null, event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("refresh finished", done.await(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    }
}
