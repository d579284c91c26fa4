package io.femto4j.loader.device;

import io.femto4j.hooks.internal.HookRegistry;
import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.loader.envelope.EnvelopeCodec;
import io.femto4j.loader.envelope.EnvelopeDeployer;
import org.osgi.framework.BundleContext;

import java.lang.reflect.Proxy;
import java.nio.file.Path;

/**
 * The loader's DS component activated as SCR would (its CoAP server on an ephemeral loopback port) on the
 * {@link Fixture}'s device "dev0" with its hook manager, trusting tenant {@code acme} for the shell hook (and the
 * fixture's tenants {@code other}, every hook, and {@code bare}, no hook): the
 * {@link EnvelopeDeployer} service with a real {@link DeviceLoader} behind it, for this module's and other modules'
 * tests (the web console's; shipped in this module's test-jar).
 */
public final class TestLoader implements AutoCloseable {
    private final Fixture fixture;
    private final LoaderComponent component = new LoaderComponent();

    /** @param dir where the loader keeps its envelopes (a test's temporary directory) */
    public TestLoader(Path dir) {
        fixture = new Fixture(dir.resolve("fixture"));
        component.hooks = fixture.hooks;
        component.addDevice(fixture.device);
        BundleContext context = (BundleContext) Proxy.newProxyInstance(TestLoader.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> LoaderComponent.DIR_PROPERTY.equals(args[0]) ? dir.toString() : null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        component.activate(context, Fixture.config());
    }

    public EnvelopeDeployer deployer() {
        return component;
    }

    public TestDevice device() {
        return fixture.device;
    }

    public HookRegistry hooks() {
        return fixture.hooks;
    }

    /** Tenant acme's signed envelope of {@code component} for the shell hook with {@code payload} integrated. */
    public static byte[] signed(String component, long sequence, byte[] payload) {
        return Fixture.sign(Fixture.ACME, Fixture.manifest(component, sequence, "acme", "shell", payload), payload);
    }

    /** The same envelope without its signature. */
    public static byte[] unsigned(String component, long sequence, byte[] payload) {
        return EnvelopeCodec.assemble(EnvelopeCodec.encodeManifest(Fixture.manifest(component, sequence, "acme",
                "shell", payload)), null, payload);
    }

    @Override
    public void close() throws InterruptedException {
        component.deactivate();
        fixture.close();
    }
}
