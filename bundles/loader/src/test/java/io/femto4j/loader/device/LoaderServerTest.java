package io.femto4j.loader.device;

import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.hooks.internal.providers.CoapHookProvider;
import io.femto4j.loader.envelope.EnvelopeCodec;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static io.femto4j.loader.device.Fixture.ACME;
import static io.femto4j.loader.device.Fixture.OTHER;
import static io.femto4j.loader.device.Fixture.manifest;
import static io.femto4j.loader.device.Fixture.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loader over loopback UDP with a real Californium client: deploy (block-wise), list, run, the CoAP hook
 * serving a deployed container, every attack of the issue answered with its code and diagnostic while the
 * installed version keeps running, truncated block-wise uploads, and a restart.
 */
class LoaderServerTest {
    @TempDir
    Path dir;
    Fixture f;
    DeviceLoader loader;
    LoaderServer server;
    CoapServer files;
    CoapEndpoint client;
    String base;

    @BeforeEach
    void start() throws Exception {
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
        client = CoapEndpoint.builder().setConfiguration(config).build();
        files = fileServer(config);
        f = new Fixture(dir);
        f.base = "coap://127.0.0.1:" + files.getEndpoints().get(0).getAddress().getPort() + "/files/";
        startDevice();
        CoapResponse r = post("/suit/install", Fixture.app(Fixture.APP_SEQUENCE, TestDevice.returning(1)));
        assertEquals(ResponseCode.CHANGED, r.getCode(), r.getResponseText());
        assertEquals("installed app seq=5 tenant=acme hook=shell policy=continue state=attached", r.getResponseText());
    }

    private void startDevice() throws Exception {
        loader = new DeviceLoader(f.device, f.hooks, LoaderSettings.parse(Fixture.config()), dir,
                new CoapFetcher(3000));
        assertEquals(Map.of(), loader.restore());
        server = new LoaderServer(loader, LoaderSettings.parse(Fixture.config()),
                new InetSocketAddress("127.0.0.1", 0)).start();
        base = "coap://127.0.0.1:" + server.address().getPort();
    }

    /** Serves {@link Fixture#served} at /files/NAME, block-wise for long ones. */
    private CoapServer fileServer(Configuration config) {
        CoapServer s = new CoapServer(config);
        s.addEndpoint(CoapEndpoint.builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        s.add(new CoapResource("files") {
            @Override
            public Resource getChild(String name) {
                return new CoapResource(name, false) {
                    @Override
                    public void handleGET(CoapExchange exchange) {
                        byte[] b = f.served.get(name);
                        if (b == null) {
                            exchange.respond(ResponseCode.NOT_FOUND);
                        } else {
                            exchange.respond(ResponseCode.CONTENT, b, MediaTypeRegistry.APPLICATION_OCTET_STREAM);
                        }
                    }
                };
            }
        });
        s.start();
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        files.destroy();
        client.destroy();
        f.close();
    }

    private CoapClient client(String path) {
        CoapClient c = new CoapClient(base + path);
        c.setEndpoint(client);
        c.setTimeout(10_000L);
        return c;
    }

    private CoapResponse post(String path, byte[] body) throws Exception {
        CoapClient c = client(path);
        try {
            CoapResponse r = c.post(body, MediaTypeRegistry.APPLICATION_CBOR);
            assertNotNull(r, "no answer from " + path);
            return r;
        } finally {
            c.shutdown();
        }
    }

    private CoapResponse get(String path) throws Exception {
        CoapClient c = client(path);
        try {
            CoapResponse r = c.get();
            assertNotNull(r, "no answer from " + path);
            return r;
        } finally {
            c.shutdown();
        }
    }

    /** app still answers 0x1 through /bpf/exec. */
    private void assertAppRuns() throws Exception {
        CoapResponse r = post("/bpf/exec/app", new byte[0]);
        assertEquals(ResponseCode.CHANGED, r.getCode(), r.getResponseText());
        assertEquals("0x1", r.getResponseText());
        assertEquals(1, f.version(Fixture.APP));
    }

    @Test
    void fletcher32IsDeployedBlockwiseListedAndRun() throws Exception {
        byte[] image = TestDevice.example("fletcher32");
        byte[] envelope = sign(ACME, manifest("fletcher32", 1, "acme", "shell", image), image);
        assertTrue(envelope.length > 1024, "more than one block: " + envelope.length);
        CoapResponse r = post("/suit/install", envelope);
        assertEquals(ResponseCode.CHANGED, r.getCode(), r.getResponseText());
        assertEquals("app seq=5 tenant=acme hook=shell policy=continue state=attached\n"
                + "fletcher32 seq=1 tenant=acme hook=shell policy=continue state=attached",
                get("/bpf").getResponseText());
        byte[] input = Files.readAllBytes(DeviceLoaderTest.examples().resolve("fletcher32-input.txt"));
        assertEquals("0x5bac8c3d", post("/bpf/exec/fletcher32", input).getResponseText());
    }

    @Test
    void triggeredDeploymentsAttachToTheCoapHookWhichServesTheResult() throws Exception {
        CoapHookProvider coap = new CoapHookProvider();
        coap.activate(Map.of("port", "0"));
        f.hooks.addProvider(coap);
        try {
            // a counter on the timer hook publishes at global key 0x50; the formatter answers CoAP GETs with it
            byte[] counter = TestDevice.counting(0x50, 0);
            f.served.put("tick.suit", sign(OTHER, manifest("tick", 1, "other", "timer", counter, null,
                    Map.of("period", "5")), counter));
            byte[] formatter = TestDevice.example("coap_formatter");
            f.served.put("formatter.o", formatter);
            f.served.put("formatter.suit", sign(OTHER, manifest("coap_formatter", 1, "other", "coap", formatter,
                    f.uri("formatter.o"), Map.of()), null)); // the payload is fetched by the device too
            for (String name : new String[]{"tick.suit", "formatter.suit"}) {
                CoapResponse r = post("/suit/trigger", f.uri(name).getBytes(StandardCharsets.US_ASCII));
                assertEquals(ResponseCode.CHANGED, r.getCode(), r.getResponseText());
            }
            HookPoint point = f.hooks.point("dev0", "coap").orElseThrow();
            InetSocketAddress at = coap.address(point).orElseThrow();
            CoapClient c = new CoapClient("coap://127.0.0.1:" + at.getPort() + "/fc/coap_formatter");
            c.setEndpoint(client);
            c.setTimeout(5000L);
            long deadline = System.currentTimeMillis() + 5000;
            String text = "";
            while (System.currentTimeMillis() < deadline) {
                CoapResponse r = c.get();
                assertEquals(ResponseCode.CONTENT, r.getCode());
                text = r.getResponseText();
                if (Double.parseDouble(text) > 0) {
                    break;
                }
                Thread.sleep(20);
            }
            c.shutdown();
            assertTrue(text.matches("\\d+\\.\\d\\d") && Double.parseDouble(text) > 0, text);
        } finally {
            f.hooks.removeProvider(coap);
            coap.deactivate();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.femto4j.loader.device.Attacks#all")
    void eachAttackGetsItsCodeAndDiagnosticAndAppKeepsRunning(Attacks attack) throws Exception {
        CoapResponse r = post("/suit/install", attack.envelope().apply(f));
        assertEquals(ResponseCode.valueOf(attack.reason().coapValue()), r.getCode(), r.getResponseText());
        assertTrue(r.getResponseText().startsWith(attack.reason().label() + ": ")
                && r.getResponseText().contains(attack.diagnostic()), r.getResponseText());
        assertAppRuns();
    }

    @Test
    void aTruncatedBlockwiseUploadNeverReachesTheLoader() throws Exception {
        byte[] envelope = Fixture.app(6, TestDevice.example("fletcher32"));
        // blocks sent by hand: an endpoint without Californium's transparent block-wise layer (body size 0)
        Configuration raw = Configuration.createStandardWithoutFile();
        raw.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 0);
        CoapEndpoint manual = CoapEndpoint.builder().setConfiguration(raw).build();
        manual.start();
        try {
            // block 0 of 64 bytes with "more", then block 2: the server has no block 1 and refuses the gap
            assertEquals(ResponseCode.CONTINUE, block(manual, envelope, 0).getCode());
            assertEquals(ResponseCode.REQUEST_ENTITY_INCOMPLETE, block(manual, envelope, 2).getCode());
            // block 0 again, and then nothing more: the transfer stays incomplete, app is untouched
            assertEquals(ResponseCode.CONTINUE, block(manual, envelope, 0).getCode());
        } finally {
            manual.destroy();
        }
        assertAppRuns();
        assertEquals(ResponseCode.CHANGED, post("/suit/install", envelope).getCode(), "a whole upload still works");
    }

    private Response block(CoapEndpoint endpoint, byte[] body, int num) throws Exception {
        int size = 64;
        Request request = Request.newPost();
        request.setURI(base + "/suit/install");
        request.getOptions().setBlock1(BlockOption.size2Szx(size), true, num);
        request.setPayload(Arrays.copyOfRange(body, num * size, (num + 1) * size));
        request.send(endpoint);
        Response r = request.waitForResponse(10_000);
        assertNotNull(r, "no answer to block " + num + " (" + request.getSendError() + ")");
        return r;
    }

    @Test
    void anEnvelopeLongerThanTheBodyLimitIsRefusedByTheTransfer() throws Exception {
        CoapResponse r = post("/suit/install", new byte[8192 + 4096 + 100]);
        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, r.getCode(), r.getResponseText());
        assertAppRuns();
    }

    @Test
    void badTriggersAndRunsGetTheirCodes() throws Exception {
        CoapResponse r = post("/suit/trigger", "http://example.com/x".getBytes(StandardCharsets.US_ASCII));
        assertEquals(ResponseCode.BAD_GATEWAY, r.getCode());
        assertTrue(r.getResponseText().startsWith("fetch-failed: only coap://"), r.getResponseText());
        r = post("/suit/trigger", f.uri("nothing-here").getBytes(StandardCharsets.US_ASCII));
        assertEquals(ResponseCode.BAD_GATEWAY, r.getCode());
        assertTrue(r.getResponseText().contains("4.04"), r.getResponseText());
        r = post("/bpf/exec/nope", new byte[0]);
        assertEquals(ResponseCode.NOT_FOUND, r.getCode());
        assertEquals("no-container: no container \"nope\" installed by the loader on dev0", r.getResponseText());
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, get("/suit/install").getCode());
        assertAppRuns();
    }

    @Test
    void aRestartKeepsTheContainersAndTheSequenceNumbers() throws Exception {
        server.close();
        f.close();
        f = new Fixture(dir);
        startDevice();
        assertEquals("app seq=5 tenant=acme hook=shell policy=continue state=attached", get("/bpf").getResponseText());
        assertAppRuns();
        CoapResponse r = post("/suit/install", Fixture.app(5, TestDevice.returning(7)));
        assertEquals(ResponseCode.CONFLICT, r.getCode());
        assertEquals("stale-sequence: sequence number 5 is not above 5, the last installed for component app",
                r.getResponseText());
        assertAppRuns();
        assertEquals(ResponseCode.CHANGED, post("/suit/install", Fixture.app(6, TestDevice.returning(7))).getCode());
        assertEquals("0x7", post("/bpf/exec/app", new byte[0]).getResponseText());
        assertEquals(6, EnvelopeCodec.decode(Files.readAllBytes(dir.resolve("app.suit"))).manifest().sequence());
    }
}
