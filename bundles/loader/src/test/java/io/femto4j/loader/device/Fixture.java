package io.femto4j.loader.device;

import io.femto4j.hooks.internal.HookRegistry;
import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.hooks.internal.providers.TimerHookProvider;
import io.femto4j.loader.envelope.DeviceIds;
import io.femto4j.loader.envelope.Ed25519Keys;
import io.femto4j.loader.envelope.EnvelopeCodec;
import io.femto4j.loader.envelope.Manifest;
import io.femto4j.runtime.store.ContainerId;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A device ("dev0" on the test board "sim") with a hook manager and the timer hook, the loader's settings
 * (tenant {@code acme} may use the shell hook only, {@code other} every hook ({@code other:*}), {@code bare} has a
 * trusted key but no {@code tenant.hooks} entry, so no hook) and envelope builders. Payload
 * URIs ({@link #uri}) are served from {@link #served}: by a map in the pipeline tests, by a real CoAP server in
 * the loopback tests.
 */
final class Fixture implements AutoCloseable {
    static final KeyPair ACME = Ed25519Keys.generate();
    static final KeyPair OTHER = Ed25519Keys.generate();
    static final KeyPair BARE = Ed25519Keys.generate();
    static final KeyPair STRANGER = Ed25519Keys.generate();
    static final UUID CLASS = DeviceIds.classOf("sim");
    /** The container every attack test starts from: {@code app}, sequence 5, returning 1, on the shell hook. */
    static final String APP = "app";
    static final long APP_SEQUENCE = 5;

    final TestDevice device;
    final HookRegistry hooks = new HookRegistry();
    final TimerHookProvider timer = new TimerHookProvider();
    final Path dir;
    final Map<String, byte[]> served = new ConcurrentHashMap<>();
    final AtomicInteger fetches = new AtomicInteger();
    String base = "coap://files.test/";

    Fixture(Path dir) {
        this.dir = dir;
        this.device = TestDevice.create("dev0");
        timer.activate();
        hooks.addDevice(device);
        hooks.addProvider(timer);
    }

    /** The map fetcher of the pipeline tests: what {@link #served} holds at the URI's path. */
    byte[] fetch(String uri, int maxBytes) throws Refused {
        fetches.incrementAndGet();
        byte[] b = uri.startsWith(base) ? served.get(uri.substring(base.length())) : null;
        if (b == null) {
            throw new Refused(Refusal.FETCH_FAILED, "4.04 for " + uri);
        }
        if (b.length > maxBytes) {
            throw new Refused(Refusal.FETCH_FAILED, uri + " is longer than " + maxBytes + " bytes");
        }
        return b;
    }

    static Map<String, Object> config() {
        Map<String, Object> c = new HashMap<>();
        c.put("port", "0");
        c.put("trusted.keys", new String[]{"acme:" + Ed25519Keys.publicText(ACME.getPublic()),
                "other:" + Ed25519Keys.publicText(OTHER.getPublic()), "bare:" + Ed25519Keys.publicText(BARE.getPublic())});
        c.put("tenant.hooks", "acme:shell other:*");
        c.put("max.payload.bytes", "8192");
        c.put("fetch.timeout.ms", "3000");
        return c;
    }

    DeviceLoader loader() throws IOException {
        return new DeviceLoader(device, hooks, LoaderSettings.parse(config()), dir, this::fetch);
    }

    String uri(String path) {
        return base + path;
    }

    static Manifest manifest(String component, long sequence, String tenant, String hook, byte[] payload,
                             String uri, Map<String, String> parameters) {
        return new Manifest(sequence, component, DeviceIds.VENDOR, CLASS, DeviceLoader.sha256(payload),
                payload.length, uri, tenant, hook, "continue", parameters);
    }

    static Manifest manifest(String component, long sequence, String tenant, String hook, byte[] payload) {
        return manifest(component, sequence, tenant, hook, payload, null, Map.of());
    }

    static byte[] sign(KeyPair key, Manifest m, byte[] payload) {
        return EnvelopeCodec.encode(m, key.getPrivate(), Ed25519Keys.kid(key.getPublic()), payload);
    }

    /** acme's envelope of {@code app} on the shell hook with an integrated payload. */
    static byte[] app(long sequence, byte[] payload) {
        return sign(ACME, manifest(APP, sequence, "acme", "shell", payload), payload);
    }

    /** r0 of one run of {@code name}, through the runtime directly. */
    long r0(String name) {
        return device.runtime().run(ContainerId.of(name), io.femto4j.runtime.Invocation.empty()).r0();
    }

    int version(String name) {
        return device.runtime().info(ContainerId.of(name)).orElseThrow().stats().version();
    }

    /** The previous version is installed, attached, the same image, and runs. */
    void assertAppUnchanged(int version) {
        assertEquals(version, version(APP), "the previous image is still installed");
        assertEquals(1, r0(APP), "and still runs");
    }

    @Override
    public void close() throws InterruptedException {
        hooks.removeProvider(timer);
        timer.deactivate();
    }
}
