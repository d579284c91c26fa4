package io.femto4j.cli;

import io.femto4j.loader.envelope.DeviceIds;
import io.femto4j.loader.envelope.Ed25519Keys;
import io.femto4j.loader.envelope.Envelope;
import io.femto4j.loader.envelope.EnvelopeCodec;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoaderCommandsTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    CoapServer device;
    /** What the stub device received, by resource. */
    final List<String> received = new CopyOnWriteArrayList<>();
    byte[] lastBody;

    int femto(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    static Path example(String name) {
        return Path.of(System.getProperty("femto4j.repo.dir", "../.."), "sdk/examples", name);
    }

    @AfterEach
    void stop() {
        if (device != null) {
            device.destroy();
        }
    }

    @Test
    void keygenWritesAKeyPairAndTheDevicesConfigurationLine() throws Exception {
        assertEquals(0, femto("keygen", "--out", dir.toString(), "--tenant", "acme"), err());
        String pub = Files.readString(dir.resolve("acme.pub")).trim();
        assertTrue(out().contains("trusted.keys=acme:" + pub), out());
        assertTrue(out().contains("tenant.hooks=acme:HOOK (e.g. acme:shell,acme:timer; acme:* for every hook; none"
                + " without an entry)"), out());
        Ed25519Keys.parsePrivate(Files.readString(dir.resolve("acme.key")));
        assertEquals(32, Ed25519Keys.raw(Ed25519Keys.parsePublic(pub)).length);
        assertEquals(2, femto("keygen", "--out", dir.toString(), "--tenant", "acme"));
        assertTrue(err().contains("exists; keygen does not overwrite a key"), err());
        assertEquals(2, femto("keygen", "--out", dir.toString(), "--tenant", "../x"));
    }

    @Test
    void manifestBuildsAnEnvelopeTheKeyVerifies() throws Exception {
        femto("keygen", "--out", dir.toString(), "--tenant", "acme");
        Path envelope = dir.resolve("f.suit");
        assertEquals(0, femto("manifest", example("fletcher32.o").toString(), "--tenant", "acme", "--key",
                dir.resolve("acme.key").toString(), "--hook", "timer", "--seq", "3", "--param", "period=100",
                "--policy", "abort-on-negative", "-o", envelope.toString()), err());
        Envelope e = EnvelopeCodec.decode(Files.readAllBytes(envelope));
        byte[] image = Files.readAllBytes(example("fletcher32.o"));
        assertArrayEquals(image, e.payload());
        assertEquals(3, e.manifest().sequence());
        assertEquals("fletcher32", e.manifest().component());
        assertEquals(DeviceIds.classOf("nrf52840"), e.manifest().classId());
        assertEquals(Map.of("period", "100"), e.manifest().parameters());
        assertEquals("abort-on-negative", e.manifest().policy());
        assertArrayEquals(LoaderCommands.sha256(image), e.manifest().digest());
        assertTrue(e.signature().verifies(e.manifestBytes(), Ed25519Keys.parsePublic(
                Files.readString(dir.resolve("acme.pub")))));

        assertEquals(0, femto("manifest", example("fletcher32.o").toString(), "--tenant", "acme", "--key",
                dir.resolve("acme.key").toString(), "--hook", "shell", "--seq", "4", "--class-id", "esp32",
                "--component", "f32", "--uri", "coap://127.0.0.1/f32.o", "-o", envelope.toString()), err());
        e = EnvelopeCodec.decode(Files.readAllBytes(envelope));
        assertNull(e.payload(), "fetched from its URI");
        assertEquals(image.length, e.manifest().payloadSize());
        assertEquals(DeviceIds.classOf("esp32"), e.manifest().classId());

        assertEquals(2, femto("manifest", example("fletcher32.o").toString(), "--tenant", "acme", "--key",
                dir.resolve("acme.key").toString(), "--hook", "shell", "-o", envelope.toString()));
        assertTrue(err().contains("manifest needs"), err());
        assertEquals(2, femto("manifest", example("fletcher32.o").toString(), "--tenant", "acme", "--key",
                dir.resolve("acme.key").toString(), "--hook", "shell", "--seq", "x", "-o", envelope.toString()));
    }

    private int startDevice(ResponseCode answer, String text) {
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        device = new CoapServer(config);
        device.addEndpoint(CoapEndpoint.builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        CoapResource suit = new CoapResource("suit");
        for (String name : new String[]{"install", "trigger"}) {
            suit.add(new CoapResource(name) {
                @Override
                public void handlePOST(CoapExchange exchange) {
                    received.add(name);
                    lastBody = exchange.getRequestPayload();
                    exchange.respond(answer, text);
                }
            });
        }
        device.add(suit);
        device.start();
        return device.getEndpoints().get(0).getAddress().getPort();
    }

    @Test
    void deployUploadsBlockByBlockAndPrintsTheAnswer() throws Exception {
        int port = startDevice(ResponseCode.CHANGED, "installed f seq=1");
        byte[] body = new byte[1300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7);
        }
        Path envelope = dir.resolve("x.suit");
        Files.write(envelope, body);
        assertEquals(0, femto("deploy", envelope.toString(), "coap://127.0.0.1:" + port), err());
        assertEquals(List.of("install"), received);
        assertArrayEquals(body, lastBody, "the device got the whole envelope, reassembled");
        assertTrue(out().contains("block 1: 512/1300 bytes, 2.31") && out().contains("block 3: 1300/1300 bytes, 2.04")
                && out().contains("2.04 CHANGED: installed f seq=1"), out());
    }

    @Test
    void deployReportsARefusalAndTriggersByUri() throws Exception {
        int port = startDevice(ResponseCode.UNAUTHORIZED, "untrusted-key: no key is trusted for tenant acme");
        Files.write(dir.resolve("x.suit"), new byte[]{1, 2, 3});
        assertEquals(1, femto("deploy", dir.resolve("x.suit").toString(), "coap://127.0.0.1:" + port));
        assertTrue(err().contains("refused, 4.01 UNAUTHORIZED: untrusted-key: no key is trusted for tenant acme"),
                err());
        assertEquals(1, femto("deploy", "coap://files/x.suit", "coap://127.0.0.1:" + port, "--uri"));
        assertEquals(List.of("install", "trigger"), received);
        assertEquals("coap://files/x.suit", new String(lastBody, StandardCharsets.UTF_8));
        assertEquals(2, femto("deploy", "x.suit", "http://127.0.0.1"));
    }
}
