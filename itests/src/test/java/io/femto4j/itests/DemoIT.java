package io.femto4j.itests;

import static io.femto4j.itests.Itests.waitFor;
import static io.femto4j.itests.Itests.reactorBundle;
import static io.femto4j.itests.Itests.required;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import io.femto4j.board.BoardRun;
import io.femto4j.board.Device;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookStatus;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.store.ContainerId;

/**
 * The platform's demo and hot deployment of containers, in Felix with the bundles of the distribution's features
 * (SCR, ConfigAdmin, FileInstall, Californium, the core, the nrf52840 board, the device manager, the hook manager,
 * io.femto4j.demo and io.femto4j.deploy): dev0 comes up running the demo containers, their stores move, a CoAP
 * client reads the average from the formatter, ConfigAdmin turns the demo off and on, and a container image
 * dropped into the FileInstall folder is installed on dev0 and removed with the file.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DemoIT {
    static final String DEVICE = "dev0";
    static final List<String> DEMO_CONTAINERS = List.of("sensor_average", "coap_formatter", "thread_counter");
    static final int AVERAGE_KEY = 0x50;

    @Inject
    BundleContext context;

    @Inject
    HookManager hooks;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws IOException {
        Path work = Path.of(required("femto4j.itest.dir")).toAbsolutePath();
        return options(
                workingDirectory(work.resolve("paxexam-demo").toString()),
                cleanCaches(),
                Itests.declarativeServices(),
                Itests.fileInstall(work.resolve("deploy-demo")),
                Itests.californium(),
                Itests.core(),
                Itests.compiler(),
                reactorBundle("femto4j.bundle.board.api"),
                reactorBundle("femto4j.bundle.board.nrf52840"),
                reactorBundle("femto4j.bundle.devices"),
                reactorBundle("femto4j.bundle.hooks"),
                reactorBundle("femto4j.bundle.demo"),
                reactorBundle("femto4j.bundle.deploy"),
                junitBundles());
    }

    @Test
    public void dev0RunsTheDemoContainersAndTheirStoresMove() throws Exception {
        Device dev0 = awaitDemo();
        for (String id : DEMO_CONTAINERS) {
            ContainerInfo info = dev0.runtime().info(ContainerId.of(id)).orElseThrow();
            assertEquals(id + " attached", ContainerState.ATTACHED, info.state());
            assertTrue(id + " is in its hook's chain on dev0", inChain(info.hook().name(), id));
        }
        // the timer hook runs it every second: the average appears at global key 0x50
        waitFor("sensor_average to publish an average at global key 0x50", () -> global(dev0, AVERAGE_KEY) != 0);
        // the demo's workload switches threads on the platform executor: the thread counter counts them
        long counted = threadCounts(dev0);
        waitFor("thread_counter to count more switches than " + counted, () -> threadCounts(dev0) > counted);
        assertEquals("thread_counter never faulted", 0,
                dev0.runtime().stats(ContainerId.of("thread_counter")).faults());
    }

    @Test
    public void aCoapGetToTheFormatterReturnsTheAverage() throws Exception {
        Device dev0 = awaitDemo();
        // a free port instead of 5683, so that a platform running on this machine does not collide with the test
        org.osgi.service.cm.Configuration coap = configAdmin.getConfiguration("io.femto4j.hooks.coap", "?");
        Dictionary<String, Object> settings = new Hashtable<>();
        settings.put("port", "0");
        coap.update(settings);
        CoapEndpoint endpoint = null;
        try {
            Pattern address = Pattern.compile("coap://([0-9.]+):(\\d+)/fc/.*");
            waitFor("dev0's CoAP server on a free port", () -> coapPort(address).filter(p -> !p.equals("5683")).isPresent());
            String port = coapPort(address).orElseThrow();
            waitFor("an average at global key 0x50", () -> global(dev0, AVERAGE_KEY) != 0);
            long average = global(dev0, AVERAGE_KEY);

            CoapConfig.register();
            UdpConfig.register();
            endpoint = CoapEndpoint.builder().build();
            CoapClient client = new CoapClient("coap://127.0.0.1:" + port + "/fc/coap_formatter");
            client.setEndpoint(endpoint);
            client.setTimeout(5000L);
            CoapResponse response = client.get();
            client.shutdown();

            assertNotNull("no CoAP answer", response);
            assertEquals(CoAP.ResponseCode.CONTENT, response.getCode());
            // the simulated temperature does not change here, so the average read before is the one formatted
            assertEquals(String.format(Locale.ROOT, "%d.%02d", average / 100, average % 100), response.getResponseText());
        } finally {
            if (endpoint != null) {
                endpoint.destroy();
            }
            coap.delete();
        }
    }

    @Test
    public void configAdminTurnsTheDemoOffAndOn() throws Exception {
        Device dev0 = awaitDemo();
        org.osgi.service.cm.Configuration demo = configAdmin.getConfiguration("io.femto4j.demo", "?");
        Dictionary<String, Object> settings = new Hashtable<>();
        settings.put("enabled", "false");
        demo.update(settings);
        try {
            waitFor("the demo containers to be uninstalled", () -> DEMO_CONTAINERS.stream()
                    .noneMatch(id -> dev0.runtime().info(ContainerId.of(id)).isPresent()));
            assertFalse("sensor_average left in the timer chain", inChain("timer", "sensor_average"));
        } finally {
            demo.delete();
        }
        awaitDemo();
    }

    @Test
    public void anImageDroppedIntoTheDeployFolderIsInstalledOnDev0AndRemovedWithTheFile() throws Exception {
        Device dev0 = awaitDevice();
        Path deploy = Path.of(context.getProperty("felix.fileinstall.dir"));
        Path examples = Path.of(required("femto4j.sdk.examples"));
        // an ELF header and nothing else: rejected with one line in the log, and nothing installed
        Path bad = deploy.resolve("truncated.o");
        Files.write(bad, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        Path image = deploy.resolve("fletcher32.o");
        Files.copy(examples.resolve("fletcher32.o"), image);
        ContainerId fletcher = ContainerId.of("fletcher32");
        try {
            waitFor("fletcher32 on dev0", () -> dev0.runtime().info(fletcher)
                    .map(i -> i.state() == ContainerState.ATTACHED).orElse(false));
            byte[] input = Files.readAllBytes(examples.resolve("fletcher32-input.txt"));
            BoardRun run = dev0.run(fletcher, Invocation.of(input));
            assertTrue("fletcher32 returned: " + run.result(), run.result().returned());
            assertEquals(0x5bac8c3dL, run.result().r0());
            assertFalse("the truncated image was installed", dev0.runtime().info(ContainerId.of("truncated")).isPresent());

            Files.delete(image);
            waitFor("fletcher32 to leave dev0", () -> dev0.runtime().info(fletcher).isEmpty());
        } finally {
            Files.deleteIfExists(image);
            Files.deleteIfExists(bad);
        }
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private Device awaitDevice() throws Exception {
        waitFor("device dev0", () -> device().isPresent());
        return device().orElseThrow();
    }

    /** dev0, once the demo's three containers are installed and attached on it. */
    private Device awaitDemo() throws Exception {
        Device dev0 = awaitDevice();
        waitFor("the demo containers attached on dev0", () -> DEMO_CONTAINERS.stream().allMatch(id ->
                dev0.runtime().info(ContainerId.of(id)).map(i -> i.state() == ContainerState.ATTACHED).orElse(false)
                        && inChain(dev0.runtime().info(ContainerId.of(id)).get().hook().name(), id)));
        return dev0;
    }

    private Optional<Device> device() {
        try {
            Collection<ServiceReference<Device>> refs =
                    context.getServiceReferences(Device.class, "(" + Device.DEVICE_NAME + "=" + DEVICE + ")");
            return refs.stream().findFirst().map(context::getService);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean inChain(String hook, String container) {
        return hooks.hooks().stream().anyMatch(s -> statusOf(s, hook) && s.chain().stream()
                .anyMatch(e -> e.attachment().container().equals(ContainerId.of(container))));
    }

    private static boolean statusOf(HookStatus s, String hook) {
        return s.device().equals(DEVICE) && s.hook().equals(hook);
    }

    private Optional<String> coapPort(Pattern address) {
        return hooks.hooks().stream().filter(s -> statusOf(s, "coap")).findFirst()
                .map(s -> address.matcher(s.details())).filter(Matcher::matches).map(m -> m.group(2));
    }

    private static long global(Device device, int key) {
        return device.runtime().config().stores().global().fetch(key);
    }

    /** The thread counter's counts: global keys 1 to 3, the demo workload's logical threads. */
    private static long threadCounts(Device device) {
        return global(device, 1) + global(device, 2) + global(device, 3);
    }
}
