package io.femto4j.loader.device;

import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.loader.envelope.EnvelopeCodec;
import io.femto4j.loader.envelope.EnvelopeDeployer;
import io.femto4j.loader.envelope.EnvelopeDeployer.Deployment;
import io.femto4j.runtime.store.ContainerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

import java.lang.reflect.Proxy;
import java.nio.file.Path;

import static io.femto4j.loader.device.Fixture.APP;
import static io.femto4j.loader.device.Fixture.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loader's {@link EnvelopeDeployer} service: the DS component, activated as SCR would (its CoAP server on an
 * ephemeral loopback port), routes an envelope to the named device's loader and answers with the pipeline's
 * outcome, in the words and codes of {@code /suit/install}.
 */
class LoaderComponentTest {
    @TempDir
    Path dir;
    Fixture f;
    LoaderComponent component;

    EnvelopeDeployer deployer() {
        f = new Fixture(dir.resolve("fixture"));
        component = new LoaderComponent();
        component.hooks = f.hooks;
        component.addDevice(f.device);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> LoaderComponent.DIR_PROPERTY.equals(args[0]) ? dir.toString() : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        component.activate(context, Fixture.config());
        return component;
    }

    @AfterEach
    void stop() throws InterruptedException {
        component.deactivate();
        f.close();
    }

    @Test
    void deploysThroughTheDevicesPipelineAndRefusesWithItsDiagnostic() {
        EnvelopeDeployer deployer = deployer();
        Deployment ok = deployer.deploy("dev0", Fixture.app(5, TestDevice.returning(1)));
        assertEquals(new Deployment(true, APP, 5, null, "2.04",
                "installed app seq=5 tenant=acme hook=shell policy=continue state=attached on dev0"), ok);
        assertEquals(1, f.r0(APP));

        Deployment replay = deployer.deploy("dev0", Fixture.app(5, TestDevice.returning(2)));
        assertEquals(new Deployment(false, null, -1, "stale-sequence", "4.09",
                "stale-sequence: sequence number 5 is not above 5, the last installed for component app"), replay);
        assertEquals(1, f.r0(APP), "the installed version keeps running");

        byte[] payload = TestDevice.returning(3);
        Deployment unsigned = deployer.deploy("dev0", EnvelopeCodec.assemble(
                EnvelopeCodec.encodeManifest(manifest("other", 1, "acme", "shell", payload)), null, payload));
        assertFalse(unsigned.ok());
        assertEquals("unsigned", unsigned.refusal());
        assertEquals("4.01", unsigned.code());
        assertTrue(unsigned.message().startsWith("unsigned: "), unsigned.message());
        assertTrue(f.device.runtime().info(ContainerId.of("other")).isEmpty(), "nothing installed");
    }

    @Test
    void anUnknownDeviceOrNoEnvelopeIsRefusedNotThrown() {
        EnvelopeDeployer deployer = deployer();
        Deployment none = deployer.deploy("dev9", Fixture.app(5, TestDevice.returning(1)));
        assertEquals(new Deployment(false, null, -1, "no-device", "4.04", "no-device: no loader serves a device \"dev9\""),
                none);
        Deployment empty = deployer.deploy("dev0", null);
        assertEquals("malformed", empty.refusal(), empty.message());
        assertNull(empty.component());
        assertTrue(f.device.runtime().containers().isEmpty(), "nothing installed");
    }
}
