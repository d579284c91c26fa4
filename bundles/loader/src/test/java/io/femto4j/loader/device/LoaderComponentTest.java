package io.femto4j.loader.device;

import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.loader.envelope.EnvelopeDeployer;
import io.femto4j.loader.envelope.EnvelopeDeployer.Deployment;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.Invocation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loader's {@link EnvelopeDeployer} service: the DS component routes an envelope to the named device's loader
 * and answers with the pipeline's outcome, in the words and codes of {@code /suit/install}.
 */
class LoaderComponentTest {
    @TempDir
    Path dir;
    TestLoader loader;
    EnvelopeDeployer deployer;

    @BeforeEach
    void start() {
        loader = new TestLoader(dir);
        deployer = loader.deployer();
    }

    @AfterEach
    void stop() throws InterruptedException {
        loader.close();
    }

    long r0(String name) {
        return loader.device().runtime().run(ContainerId.of(name), Invocation.empty()).r0();
    }

    @Test
    void deploysThroughTheDevicesPipelineAndRefusesWithItsDiagnostic() {
        Deployment ok = deployer.deploy("dev0", TestLoader.signed("app", 5, TestDevice.returning(1)));
        assertEquals(new Deployment(true, "app", 5, null, "2.04",
                "installed app seq=5 tenant=acme hook=shell policy=continue state=attached on dev0"), ok);
        assertEquals(1, r0("app"));

        Deployment replay = deployer.deploy("dev0", TestLoader.signed("app", 5, TestDevice.returning(2)));
        assertEquals(new Deployment(false, null, -1, "stale-sequence", "4.09",
                "stale-sequence: sequence number 5 is not above 5, the last installed for component app"), replay);
        assertEquals(1, r0("app"), "the installed version keeps running");

        Deployment unsigned = deployer.deploy("dev0", TestLoader.unsigned("other", 1, TestDevice.returning(3)));
        assertFalse(unsigned.ok());
        assertEquals("unsigned", unsigned.refusal());
        assertEquals("4.01", unsigned.code());
        assertTrue(unsigned.message().startsWith("unsigned: "), unsigned.message());
        assertTrue(loader.device().runtime().info(ContainerId.of("other")).isEmpty(), "nothing installed");
    }

    /** Tenant bare (a key, no tenant.hooks entry): one warning when configured, then each deploy refused. */
    @Test
    void aTenantWithoutHooksIsWarnedAboutOnceAndRefused() throws Exception {
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(LoaderComponent.class.getName());
        log.addHandler(handler);
        try (TestLoader second = new TestLoader(dir.resolve("second"))) {
            assertEquals(List.of("loader: tenant bare has no tenant.hooks entry, so it may use no hook; grant hooks in"
                    + " PID io.femto4j.loader, e.g. tenant.hooks=bare:HOOK (or bare:* for every hook); its envelopes"
                    + " are refused"), warnings, "acme and other have entries");
            byte[] v1 = TestDevice.returning(1);
            Deployment bare = second.deployer().deploy("dev0", Fixture.sign(Fixture.BARE, Fixture.manifest("bare_app",
                    1, "bare", "shell", v1), v1));
            assertEquals(new Deployment(false, null, -1, "hook-forbidden", "4.03", "hook-forbidden: tenant bare has"
                    + " no tenant.hooks entry, so it may use no hook; grant hooks in PID io.femto4j.loader, e.g."
                    + " tenant.hooks=bare:shell (or bare:* for every hook)"), bare);
            assertTrue(second.device().runtime().info(ContainerId.of("bare_app")).isEmpty(), "nothing installed");
            assertEquals(1, warnings.size(), "no more warnings at deploy");
        } finally {
            log.removeHandler(handler);
        }
    }

    @Test
    void anUnknownDeviceOrNoEnvelopeIsRefusedNotThrown() {
        Deployment none = deployer.deploy("dev9", TestLoader.signed("app", 5, TestDevice.returning(1)));
        assertEquals(new Deployment(false, null, -1, "no-device", "4.04",
                "no-device: no loader serves a device \"dev9\""), none);
        Deployment empty = deployer.deploy("dev0", null);
        assertEquals("malformed", empty.refusal(), empty.message());
        assertNull(empty.component());
        assertTrue(loader.device().runtime().containers().isEmpty(), "nothing installed");
    }
}
