package io.femto4j.itests;

import static io.femto4j.itests.Itests.reactorBundle;
import static io.femto4j.itests.Itests.required;
import static io.femto4j.itests.Itests.waitFor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import javax.inject.Inject;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import io.femto4j.board.Device;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookStatus;
import io.femto4j.loader.envelope.DeviceIds;
import io.femto4j.loader.envelope.Ed25519Keys;
import io.femto4j.loader.envelope.EnvelopeCodec;
import io.femto4j.loader.envelope.EnvelopeDeployer;
import io.femto4j.loader.envelope.Manifest;
import io.femto4j.runtime.store.ContainerId;

/**
 * The network loader in Felix with the real bundles (SCR, ConfigAdmin, Californium, Jackson's CBOR, the core, the
 * nrf52840 board, the device manager, the hook manager, io.femto4j.loader), driven over loopback CoAP: a tenant's
 * key configured through ConfigAdmin, envelopes deployed, attached and run; attacks refused with their codes while
 * the installed version keeps running; and the containers and sequence numbers surviving a restart of the loader
 * bundle and of the device manager (a new device).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LoaderIT {
    static final KeyPair ACME = Ed25519Keys.generate();
    static final KeyPair STRANGER = Ed25519Keys.generate();
    /** Tenant bare: a trusted key but no tenant.hooks entry, so no hook. */
    static final KeyPair BARE = Ed25519Keys.generate();

    @Inject
    BundleContext context;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    HookManager hooks;

    CoapEndpoint endpoint;
    String base;

    @Configuration
    public Option[] config() throws IOException {
        Path work = Path.of(required("femto4j.itest.dir")).toAbsolutePath();
        Path store = work.resolve("loader-store");
        PlatformSmokeIT.deleteTree(store); // nothing left over from an earlier run
        return options(
                workingDirectory(work.resolve("paxexam-loader").toString()),
                cleanCaches(),
                // as the distribution does: the envelopes outside the framework cache
                frameworkProperty("femto4j.loader.dir").value(store.toString()),
                Itests.declarativeServices(),
                Itests.californium(),
                mavenBundle("com.fasterxml.jackson.core", "jackson-annotations", required("jackson.annotations.version")),
                mavenBundle("com.fasterxml.jackson.core", "jackson-core", required("jackson.version")),
                mavenBundle("com.fasterxml.jackson.core", "jackson-databind", required("jackson.version")),
                mavenBundle("com.fasterxml.jackson.dataformat", "jackson-dataformat-cbor", required("jackson.version")),
                Itests.core(),
                reactorBundle("femto4j.bundle.board.api"),
                reactorBundle("femto4j.bundle.board.nrf52840"),
                Itests.compiler(),
                reactorBundle("femto4j.bundle.devices"),
                reactorBundle("femto4j.bundle.hooks"),
                reactorBundle("femto4j.bundle.loader"),
                junitBundles());
    }

    @Before
    public void configure() throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("io.femto4j.loader", "?");
        if (c.getProperties() == null || c.getProperties().get("port.dev0") == null) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort(); // a free port, not 5783: a platform on this machine may hold that one
            }
            Dictionary<String, Object> settings = new Hashtable<>();
            settings.put("port.dev0", String.valueOf(port));
            settings.put("trusted.keys", new String[]{"acme:" + Ed25519Keys.publicText(ACME.getPublic()),
                    "bare:" + Ed25519Keys.publicText(BARE.getPublic())});
            settings.put("tenant.hooks", new String[]{"acme:shell", "acme:timer"});
            c.update(settings);
        }
        base = "coap://127.0.0.1:" + c.getProperties().get("port.dev0");
        CoapConfig.register();
        UdpConfig.register();
        endpoint = CoapEndpoint.builder().build();
        awaitLoader();
    }

    @After
    public void closeClient() {
        endpoint.destroy();
    }

    private void awaitLoader() throws InterruptedException {
        waitFor("the loader of dev0 at " + base, () -> {
            CoapClient c = client("/bpf");
            c.setTimeout(500L);
            try {
                CoapResponse r = c.get();
                return r != null && r.getCode() == ResponseCode.CONTENT;
            } catch (Exception e) {
                return false;
            } finally {
                c.shutdown();
            }
        });
    }

    private CoapClient client(String path) {
        CoapClient c = new CoapClient(base + path);
        c.setEndpoint(endpoint);
        c.setTimeout(10_000L);
        return c;
    }

    private CoapResponse post(String path, byte[] body) throws Exception {
        CoapClient c = client(path);
        try {
            CoapResponse r = c.post(body, MediaTypeRegistry.APPLICATION_CBOR);
            assertNotNull("no answer from " + path, r);
            return r;
        } finally {
            c.shutdown();
        }
    }

    private String list() throws Exception {
        CoapClient c = client("/bpf");
        try {
            return c.get().getResponseText();
        } finally {
            c.shutdown();
        }
    }

    /** {@code mov r0, value; exit}. */
    static byte[] returning(int value) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xb7).put((byte) 0).putShort((short) 0)
                .putInt(value).put((byte) 0x95).array();
    }

    /** {@code mov r10, 1; mov r0, 0; exit}: the verifier refuses it (r10 is read-only). */
    static byte[] writesR10() {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xb7).put((byte) 0x0a)
                .putShort((short) 0).putInt(1).put((byte) 0xb7).put(new byte[7]).put((byte) 0x95).put(new byte[7])
                .array();
    }

    /** {@code global[key] += 1; return 0} through helper 0x1012 (as the hook tests' counting program). */
    static byte[] counting(int key) {
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0xb7).put((byte) 0x01).putShort((short) 0).putInt(key);   // mov r1, key
        b.put((byte) 0xb7).put((byte) 0x02).putShort((short) 0).putInt(1);     // mov r2, 1
        b.put((byte) 0xb7).put((byte) 0x03).putShort((short) 0).putInt(0);     // mov r3, 0
        b.put((byte) 0x85).put((byte) 0x00).putShort((short) 0).putInt(0x1012); // call 0x1012
        b.put((byte) 0xb7).put((byte) 0x00).putShort((short) 0).putInt(0);     // mov r0, 0
        b.put((byte) 0x95).put(new byte[7]);                                     // exit
        return b.array();
    }

    static Manifest manifest(String component, long sequence, String hook, byte[] payload, Map<String, String> params)
            throws Exception {
        return manifest("acme", component, sequence, hook, payload, params);
    }

    static Manifest manifest(String tenant, String component, long sequence, String hook, byte[] payload,
                             Map<String, String> params) throws Exception {
        return new Manifest(sequence, component, DeviceIds.VENDOR, DeviceIds.classOf("nrf52840"),
                MessageDigest.getInstance("SHA-256").digest(payload), payload.length, null, tenant, hook, "continue",
                params);
    }

    static byte[] envelope(KeyPair key, Manifest m, byte[] payload) {
        return EnvelopeCodec.encode(m, key.getPrivate(), Ed25519Keys.kid(key.getPublic()), payload);
    }

    private void assertDeployed(byte[] envelope) throws Exception {
        CoapResponse r = post("/suit/install", envelope);
        assertEquals(r.getResponseText(), ResponseCode.CHANGED, r.getCode());
    }

    private void assertRuns(String component, String r0) throws Exception {
        CoapResponse r = post("/bpf/exec/" + component, new byte[0]);
        assertEquals(r.getResponseText(), ResponseCode.CHANGED, r.getCode());
        assertEquals(r0, r.getResponseText());
    }

    private Device dev0() throws Exception {
        waitFor("device dev0", () -> deviceReference() != null);
        return context.getService(deviceReference());
    }

    private ServiceReference<Device> deviceReference() {
        try {
            return context.getServiceReferences(Device.class, "(device.name=dev0)").stream().findFirst().orElse(null);
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void fletcher32AndATimerContainerAreDeployedAttachedAndRun() throws Exception {
        byte[] image = Files.readAllBytes(Path.of(required("femto4j.sdk.examples"), "fletcher32.o"));
        assertDeployed(envelope(ACME, manifest("it_fletcher", 1, "shell", image, Map.of()), image));
        byte[] input = Files.readAllBytes(Path.of(required("femto4j.sdk.examples"), "fletcher32-input.txt"));
        CoapResponse r = post("/bpf/exec/it_fletcher", input);
        assertEquals("0x5bac8c3d", r.getResponseText());

        byte[] counter = counting(0x61);
        assertDeployed(envelope(ACME, manifest("it_tick", 1, "timer", counter, Map.of("period", "20")), counter));
        assertTrue(list(), list().contains("it_tick seq=1 tenant=acme hook=timer policy=continue state=attached"));
        assertTrue("it_tick is in dev0's timer chain", inTimerChain("it_tick"));
        Device dev0 = dev0();
        waitFor("the timer to run it_tick", () -> dev0.runtime().config().stores().global().fetch(0x61) >= 3);
    }

    /** The web console's way in: the loader's EnvelopeDeployer service, the same pipeline and state as CoAP. */
    @Test
    public void theDeployerServiceSharesTheCoapPipeline() throws Exception {
        waitFor("the EnvelopeDeployer service", () -> context.getServiceReference(EnvelopeDeployer.class) != null);
        EnvelopeDeployer deployer = context.getService(context.getServiceReference(EnvelopeDeployer.class));
        byte[] v1 = returning(41);
        EnvelopeDeployer.Deployment ok = deployer.deploy("dev0", envelope(ACME, manifest("it_local", 1, "shell", v1,
                Map.of()), v1));
        assertTrue(ok.message(), ok.ok());
        assertEquals("0x29", post("/bpf/exec/it_local", new byte[0]).getResponseText());
        assertTrue(list(), list().contains("it_local seq=1 tenant=acme"));
        // replayed over CoAP after the local deployment: the one sequence floor refuses it
        CoapResponse replay = post("/suit/install", envelope(ACME, manifest("it_local", 1, "shell", returning(42),
                Map.of()), returning(42)));
        assertEquals(replay.getResponseText(), ResponseCode.CONFLICT, replay.getCode());
        EnvelopeDeployer.Deployment unsigned = deployer.deploy("dev0", EnvelopeCodec.assemble(
                EnvelopeCodec.encodeManifest(manifest("it_local", 2, "shell", v1, Map.of())), null, v1));
        assertEquals("unsigned", unsigned.refusal());
        assertEquals("4.01", unsigned.code());
    }

    @Test
    public void attacksAreRefusedWithTheirCodesAndTheInstalledVersionKeepsRunning() throws Exception {
        byte[] v1 = returning(1);
        assertDeployed(envelope(ACME, manifest("it_target", 1, "shell", v1, Map.of()), v1));
        byte[] v2 = returning(2);
        Manifest next = manifest("it_target", 2, "shell", v2, Map.of());
        Object[][] attacks = {
                {EnvelopeCodec.assemble(EnvelopeCodec.encodeManifest(next), null, v2), ResponseCode.UNAUTHORIZED, "unsigned:"},
                {envelope(STRANGER, next, v2), ResponseCode.UNAUTHORIZED, "untrusted-key:"},
                {EnvelopeCodec.assemble(EnvelopeCodec.encodeManifest(next),
                        EnvelopeCodec.decode(envelope(ACME, next, v2)).signature(), returning(666)),
                        ResponseCode.BAD_REQUEST, "digest-mismatch:"},
                {envelope(ACME, manifest("it_target", 1, "shell", v2, Map.of()), v2), ResponseCode.CONFLICT,
                        "stale-sequence:"},
                {envelope(ACME, manifest("it_sched", 1, "sched", v2, Map.of()), v2), ResponseCode.FORBIDDEN,
                        "hook-forbidden:"},
                {new byte[]{(byte) 0xbf, 0x01}, ResponseCode.BAD_REQUEST, "malformed:"},
                // acme signed sequence 2; the attacker raises it and keeps the signature
                {EnvelopeCodec.assemble(EnvelopeCodec.encodeManifest(next.withSequence(60)),
                        EnvelopeCodec.decode(envelope(ACME, next, v2)).signature(), v2),
                        ResponseCode.UNAUTHORIZED, "bad-signature:"},
                {envelope(ACME, new Manifest(2, "it_target", DeviceIds.VENDOR, DeviceIds.classOf("esp32"),
                        next.digest(), v2.length, null, "acme", "shell", "continue", Map.of()), v2),
                        ResponseCode.UNPROCESSABLE_ENTITY, "wrong-class:"},
                // refused on the declared size: the device never fetches from this address
                {envelope(ACME, new Manifest(2, "it_target", DeviceIds.VENDOR, DeviceIds.classOf("nrf52840"),
                        new byte[32], 1_000_000, "coap://127.0.0.1:9/big", "acme", "shell", "continue", Map.of()),
                        null), ResponseCode.REQUEST_ENTITY_TOO_LARGE, "payload-too-large:"},
                {envelope(ACME, manifest("it_target", 2, "shell", writesR10(), Map.of()), writesR10()),
                        ResponseCode.UNPROCESSABLE_ENTITY, "image-rejected:"},
        };
        for (Object[] a : attacks) {
            CoapResponse r = post("/suit/install", (byte[]) a[0]);
            assertEquals(r.getResponseText(), a[1], r.getCode());
            assertTrue(r.getResponseText(), r.getResponseText().startsWith((String) a[2]));
            assertRuns("it_target", "0x1");
        }
        assertDeployed(envelope(ACME, next, v2));
        assertRuns("it_target", "0x2");
    }

    /** Deny by default: tenant bare's key is trusted, but without a tenant.hooks entry it may use no hook. */
    @Test
    public void aTenantWithoutTenantHooksEntryIsRefusedEveryHook() throws Exception {
        byte[] v1 = returning(7);
        for (String hook : new String[]{"shell", "timer"}) {
            CoapResponse r = post("/suit/install", envelope(BARE, manifest("bare", "it_bare_" + hook, 1, hook, v1,
                    Map.of()), v1));
            assertEquals(r.getResponseText(), ResponseCode.FORBIDDEN, r.getCode());
            assertEquals("hook-forbidden: tenant bare has no tenant.hooks entry, so it may use no hook; grant hooks in"
                    + " PID io.femto4j.loader, e.g. tenant.hooks=bare:" + hook + " (or bare:* for every hook)",
                    r.getResponseText());
            assertTrue("nothing installed", dev0().runtime().info(ContainerId.of("it_bare_" + hook)).isEmpty());
        }
        assertTrue(list(), !list().contains("it_bare"));
    }

    @Test
    public void containersAndSequenceNumbersSurviveARestart() throws Exception {
        byte[] v3 = returning(3);
        assertDeployed(envelope(ACME, manifest("it_persist", 3, "shell", v3, Map.of()), v3));
        byte[] counter = counting(0x62);
        assertDeployed(envelope(ACME, manifest("it_ptick", 1, "timer", counter, Map.of("period", "20")), counter));
        Path stored = Path.of(context.getProperty("femto4j.loader.dir"), "devices", "dev0", "it_persist.suit");
        assertTrue(stored + " holds the envelope", Files.isRegularFile(stored));
        assertEquals(3, EnvelopeCodec.decode(Files.readAllBytes(stored)).manifest().sequence());
        Bundle loader = bundle("io.femto4j.loader");
        loader.stop();
        assertTrue("taken off dev0 with the loader", dev0().runtime().info(ContainerId.of("it_persist")).isEmpty());
        loader.start();
        awaitLoader();
        assertTrue(list(), list().contains("it_persist seq=3"));
        assertRuns("it_persist", "0x3");
        assertTrue("it_ptick back in the timer chain", inTimerChain("it_ptick"));
        long ticks = dev0().runtime().config().stores().global().fetch(0x62);
        waitFor("the restored it_ptick to run on the timer", () -> {
            try {
                return dev0().runtime().config().stores().global().fetch(0x62) > ticks;
            } catch (Exception e) {
                return false;
            }
        });
        CoapResponse replay = post("/suit/install", envelope(ACME, manifest("it_persist", 3, "shell", returning(9),
                Map.of()), returning(9)));
        assertEquals(ResponseCode.CONFLICT, replay.getCode());

        // the device manager restarting makes a new dev0: the loader restores onto it
        Bundle devices = bundle("io.femto4j.devices");
        devices.stop();
        devices.start();
        waitFor("it_persist back on the new dev0", () -> {
            try {
                return dev0().runtime().info(ContainerId.of("it_persist")).isPresent();
            } catch (Exception e) {
                return false;
            }
        });
        awaitLoader();
        assertRuns("it_persist", "0x3");
        waitFor("it_ptick in the new dev0's timer chain", () -> inTimerChain("it_ptick"));
    }

    private boolean inTimerChain(String container) {
        for (HookStatus s : hooks.hooks()) {
            if (s.hook().equals("timer") && s.chain().stream().anyMatch(e -> e.attachment().container().name()
                    .equals(container) && e.state() == io.femto4j.runtime.ContainerState.ATTACHED)) {
                return true;
            }
        }
        return false;
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().equals(symbolicName)) {
                return b;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }
}
