package io.femto4j.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.loader.device.TestLoader;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.store.ContainerId;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install action with a signed envelope: the plugin hands it to the network loader's deployer service, here
 * the loader's real DS component with a real device loader (tenant acme trusted for the shell hook), and shows its
 * outcome or its refusal as the one message. Without the loader the tab still installs images.
 */
class EnvelopeInstallTest {
    @TempDir
    Path dir;
    TestLoader loader;
    final FemtoPlugin plugin = new FemtoPlugin();

    @BeforeEach
    void start() {
        loader = new TestLoader(dir);
        plugin.devices = List.of(loader.device());
        plugin.hooks = loader.hooks();
        plugin.deployer = loader.deployer();
    }

    @AfterEach
    void stop() throws InterruptedException {
        loader.close();
    }

    /** Posts the install form with {@code upload} as the file, asking for JSON. */
    FakeHttp.Response install(String fileName, byte[] upload) throws Exception {
        FakeHttp.Request request = new FakeHttp.Request("POST", FemtoPlugin.ACTION).header("Accept", "application/json")
                .param("token", plugin.token()).param("action", "install").param("device", "dev0")
                // what the form sends besides: ignored for an envelope, whose manifest says tenant, hook and name
                .param("hook", "timer").param("tenant", "t").param("id", "fromform")
                .file("image", fileName, upload);
        FakeHttp.Response response = new FakeHttp.Response();
        plugin.doPost(request.proxy(), response.proxy());
        return response;
    }

    long r0(String name) {
        return loader.device().runtime().run(ContainerId.of(name), Invocation.empty()).r0();
    }

    @Test
    void aSignedEnvelopeIsDeployedByTheLoaderWithTheManifestsTenantAndHook() throws Exception {
        FakeHttp.Response ok = install("app.suit", TestLoader.signed("app", 5, TestDevice.returning(7)));
        assertEquals(200, ok.status, ok.body());
        assertEquals("{\"ok\":true,\"message\":\"deployed envelope: installed app seq=5 tenant=acme hook=shell "
                + "policy=continue state=attached on dev0\"}", ok.body());
        assertEquals(7, r0("app"));
        assertTrue(loader.device().runtime().info(ContainerId.of("fromform")).isEmpty(), "the form's name is ignored");

        // recognised by content too (not ELF, not rbf) when the loader runs: a newer version swaps in
        FakeHttp.Response next = install("app-v6", TestLoader.signed("app", 6, TestDevice.returning(8)));
        assertEquals(200, next.status, next.body());
        assertEquals(8, r0("app"));
    }

    @Test
    void aRefusedEnvelopeIsOneMessageWithTheLoadersDiagnosticAndInstallsNothing() throws Exception {
        FakeHttp.Response unsigned = install("app.suit", TestLoader.unsigned("app", 5, TestDevice.returning(7)));
        assertEquals(403, unsigned.status, unsigned.body());
        assertEquals("{\"ok\":false,\"message\":\"envelope refused (CoAP 4.01), unsigned: the envelope carries no "
                + "COSE_Sign1 signature\"}", unsigned.body());
        assertTrue(loader.device().runtime().containers().isEmpty(), "nothing installed");

        assertEquals(200, install("app.suit", TestLoader.signed("app", 5, TestDevice.returning(7))).status);
        FakeHttp.Response replay = install("app.cbor", TestLoader.signed("app", 5, TestDevice.returning(9)));
        assertEquals(409, replay.status, replay.body());
        assertEquals("{\"ok\":false,\"message\":\"envelope refused (CoAP 4.09), stale-sequence: sequence number 5 is "
                + "not above 5, the last installed for component app\"}", replay.body());
        assertEquals(7, r0("app"), "the installed version keeps running");
    }

    @Test
    void imagesStillInstallAndWithoutTheLoaderAnEnvelopeIsExplained() throws Exception {
        FakeHttp.Response image = install("temperature.o", TestDevice.example("temperature"));
        assertEquals(200, image.status, image.body());
        assertTrue(image.body().startsWith("{\"ok\":true,\"message\":\"installed dev0/fromform (tenant t, hook timer"),
                image.body());

        plugin.deployer = null; // the loader's component went away
        FakeHttp.Response envelope = install("app.suit", TestLoader.signed("app", 5, TestDevice.returning(7)));
        assertEquals(409, envelope.status, envelope.body());
        assertEquals("{\"ok\":false,\"message\":\"a signed envelope needs the network loader (bundle "
                + "io.femto4j.loader), which is not running\"}", envelope.body());
        assertTrue(loader.device().runtime().info(ContainerId.of("app")).isEmpty(), "nothing installed");
    }

    @Test
    void theFormSaysWhatHappensToAnEnvelope() {
        StringWriter html = new StringWriter();
        new FemtoPage(plugin.model(), plugin.token(), "/system/console/femto").render(new PrintWriter(html), null);
        assertTrue(html.toString().contains("its tenant, hook and name come from its signed manifest"), html.toString());
        assertTrue(html.toString().contains("accept='.o,.rbf,.bin,.suit,.cbor'"), html.toString());
        plugin.deployer = null;
        html = new StringWriter();
        new FemtoPage(plugin.model(), plugin.token(), "/system/console/femto").render(new PrintWriter(html), null);
        assertFalse(html.toString().contains("signed manifest"), html.toString());
        assertTrue(html.toString().contains("Signed envelopes need the network loader"), html.toString());
    }

    @Test
    void whatIsAnEnvelope() {
        byte[] elf = TestDevice.example("temperature");
        byte[] cbor = TestLoader.signed("app", 5, TestDevice.returning(7));
        assertTrue(ConsoleActions.isEnvelope("x.suit", elf, false), "by name, even without the loader");
        assertTrue(ConsoleActions.isEnvelope("x.CBOR", cbor, false));
        assertTrue(ConsoleActions.isEnvelope("x", cbor, true), "by content when the loader runs");
        assertFalse(ConsoleActions.isEnvelope("x", cbor, false), "raw bytecode without the loader");
        assertFalse(ConsoleActions.isEnvelope("x.bin", cbor, true), ".bin is raw bytecode");
        assertFalse(ConsoleActions.isEnvelope("x.o", elf, true), "ELF is an image");
    }
}
