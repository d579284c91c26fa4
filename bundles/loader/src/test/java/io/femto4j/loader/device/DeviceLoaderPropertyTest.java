package io.femto4j.loader.device;

import io.femto4j.hooks.internal.TestDevice;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile bytes at the device: random corruptions of a valid envelope are refused with a reason (never another
 * exception), nothing else gets installed, and the installed version keeps running. Only an untouched envelope
 * may be accepted.
 */
class DeviceLoaderPropertyTest {
    private static Fixture fixture;
    private static DeviceLoader loader;
    private static final byte[] NEXT = TestDevice.returning(2);
    private static final byte[] VALID = Fixture.app(Fixture.APP_SEQUENCE + 1, NEXT);
    /** Whether an untouched VALID was accepted (the only way the new version, returning 2, gets in). */
    private static volatile boolean accepted;

    private static synchronized DeviceLoader loader() {
        if (loader == null) {
            try {
                fixture = new Fixture(Files.createTempDirectory("loader-property"));
                loader = fixture.loader();
                loader.deploy(Fixture.app(Fixture.APP_SEQUENCE, TestDevice.returning(1)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Refused r) {
                throw new IllegalStateException(r.diagnostic());
            }
        }
        return loader;
    }

    @AfterContainer
    static void close() throws InterruptedException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Property(tries = 500)
    void corruptedEnvelopesAreRefusedAndChangeNothing(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int flips) {
        Random r = new Random(seed);
        byte[] bytes = VALID.clone();
        for (int i = 0; i < flips; i++) {
            bytes[r.nextInt(bytes.length)] = (byte) r.nextInt(256);
        }
        if (r.nextInt(5) == 0) {
            bytes = Arrays.copyOf(bytes, r.nextInt(bytes.length));
        }
        DeviceLoader l = loader();
        try {
            l.deploy(bytes);
            assertArrayEquals(VALID, bytes, "only the untouched envelope can be accepted");
            accepted = true;
        } catch (Refused refused) {
            assertFalse(refused.diagnostic().contains("\n"), refused.diagnostic());
            assertTrue(refused.diagnostic().startsWith(refused.reason().label() + ": "));
        }
        assertEquals(1, fixture.device.runtime().containers().size(), "nothing else installed");
        assertEquals(accepted ? 2 : 1, fixture.r0(Fixture.APP), "the installed version runs");
    }
}
