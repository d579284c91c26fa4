package io.femto4j.runtime;

import io.femto4j.runtime.spi.HostCoapPacket;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SimulatedBoard;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.ContainerStores;
import io.femto4j.runtime.store.TenantId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper's applications from sdk/examples, each run through the runtime from its ELF object and from the rbf
 * packed from it, against results computed here independently.
 */
class ExamplesTest {
    static final ContainerId APP = ContainerId.of("app");
    static final TenantId TENANT = TenantId.of("t");

    final SimulatedBoard board = SimulatedBoard.create();
    final ContainerRuntime runtime = new ContainerRuntime(RuntimeConfig.defaults().withBoard(board));

    ExamplesTest() {
        runtime.putTenant(Tenant.trusted("t"));
    }

    private void install(String format, String name, HookSpec hook) throws InstallException {
        byte[] image = format.equals("elf") ? Sdk.elf(name) : Sdk.rbf(name);
        runtime.install(APP, image, TENANT, hook, null);
        runtime.attach(APP);
    }

    /** Fletcher-32 as the example defines it: little-endian 16-bit words, both sums from 0xffff, folded. */
    static long fletcher32(byte[] data) {
        long sum1 = 0xffff;
        long sum2 = 0xffff;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum1 = (sum1 + ((data[i] & 0xff) | (data[i + 1] & 0xff) << 8)) % 0xffff;
            sum2 = (sum2 + sum1) % 0xffff;
        }
        // the example folds instead of reducing modulo 0xffff: a sum of exactly 0xffff stays 0xffff
        return sum2 << 16 | sum1;
    }

    @ParameterizedTest
    @ValueSource(strings = {"elf", "rbf"})
    void fletcher32(String format) throws Exception {
        install(format, "fletcher32", Sdk.NONE);
        byte[] input = Sdk.file("fletcher32-input.txt");
        assertEquals(360, input.length);
        RunResult r = runtime.run(APP, Invocation.of(input));
        assertEquals(0x5bac8c3dL, r.r0());
        assertEquals(fletcher32(input), r.r0());
        byte[] other = "femto4j runs fletcher32 on other input too".getBytes(StandardCharsets.US_ASCII);
        assertEquals(fletcher32(other), runtime.run(APP, Invocation.of(other)).r0());
    }

    @ParameterizedTest
    @ValueSource(strings = {"elf", "rbf"})
    void threadCounter(String format) throws Exception {
        install(format, "thread_counter", Sdk.SCHED);
        long[] switches = {7, 3, 7, 0, 9, 7, 3, 0x1_0000_0005L};
        Map<Long, Long> expected = new HashMap<>();
        long previous = 0;
        for (long next : switches) {
            RunResult r = runtime.run(APP, Invocation.sched(previous, next));
            assertEquals(0, r.r0(), "status OK");
            if (next != 0) {
                expected.merge(next & 0xffffffffL, 1L, Long::sum);
            }
            previous = next;
        }
        for (Map.Entry<Long, Long> e : expected.entrySet()) {
            assertEquals(e.getValue(), runtime.config().stores().global().fetch(e.getKey().intValue()),
                    "switches to thread " + e.getKey());
        }
        assertEquals(expected.size(), runtime.config().stores().global().size());
        assertEquals(switches.length, runtime.stats(APP).runs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"elf", "rbf"})
    void sensorAverage(String format) throws Exception {
        install(format, "sensor_average", Sdk.TIMER);
        // readings in various scales; the window keeps the last 8 in hundredths of a degree
        Phydat[] readings = {Phydat.of(2345, 2, -2), Phydat.of(215, 2, -1), Phydat.of(-5, 2, 0),
                Phydat.of(2600, 2, -2), Phydat.of(19, 2, 0), Phydat.of(2222, 2, -2), Phydat.of(2001, 2, -2),
                Phydat.of(2400, 2, -2), Phydat.of(-1234, 2, -2), Phydat.of(3000, 2, -2)};
        List<Integer> window = new ArrayList<>();
        for (int i = 0; i < readings.length; i++) {
            board.temperature().set(readings[i]);
            RunResult r = runtime.run(APP, Invocation.timer(1_000_000L * (i + 1), 1_000_000L * (i + 1),
                    1_000_000, i + 1));
            assertEquals(0, r.r0(), "status OK: " + r.outcome());
            int centi = (int) Math.round(readings[i].values()[0] * Math.pow(10, readings[i].scale() + 2));
            if (window.isEmpty()) {
                for (int k = 0; k < 8; k++) {
                    window.add(centi);
                }
            } else {
                window.remove(0);
                window.add(centi);
            }
            int sum = window.stream().mapToInt(Integer::intValue).sum();
            int expected = Math.floorDiv(sum, 8);
            assertEquals(expected, (int) runtime.config().stores().global().fetch(0x50), "after reading " + i);
        }
        board.temperature().set(null);
        assertEquals(-1, (int) runtime.run(APP, Invocation.timer(0, 0, 0, 11)).r0(), "no reading");
    }

    @ParameterizedTest
    @ValueSource(strings = {"elf", "rbf"})
    void coapFormatter(String format) throws Exception {
        install(format, "coap_formatter", Sdk.COAP);
        ContainerStores host = runtime.config().stores().attach(ContainerId.of("host"), TenantId.of("host"));
        int[] values = {2345, -1234, 5, 0, 32767};
        String[] texts = {"23.45", "-12.34", "0.05", "0.00", "327.67"};
        for (int i = 0; i < values.length; i++) {
            host.global().store(0x50, values[i]);
            if (values[i] == 0) {
                host.global().store(0x50, 0); // 0 deletes: a missing key reads 0
            }
            HostCoapPacket packet = new HostCoapPacket(64, HostCoapPacket.TYPE_CON, 0x1234 + i, new byte[] {(byte) 0xab});
            RunResult r = runtime.run(APP, Invocation.coap(packet));
            byte[] text = texts[i].getBytes(StandardCharsets.US_ASCII);
            byte[] expected = new byte[7 + text.length];
            expected[0] = 0x61;            // version 1, ACK (piggy-backed), token length 1
            expected[1] = (byte) 0x45;     // 2.05 Content
            expected[2] = 0x12;
            expected[3] = (byte) (0x34 + i);
            expected[4] = (byte) 0xab;     // the token
            expected[5] = (byte) 0xc0;     // Content-Format (12), empty value: text/plain
            expected[6] = (byte) 0xff;     // payload marker
            System.arraycopy(text, 0, expected, 7, text.length);
            assertEquals(expected.length, r.r0(), r.outcome().toString());
            assertArrayEquals(expected, Arrays.copyOf(packet.buffer(), (int) r.r0()));
        }
        HostCoapPacket tiny = new HostCoapPacket(8, HostCoapPacket.TYPE_NON, 1, new byte[0]);
        assertEquals(-1, (int) runtime.run(APP, Invocation.coap(tiny)).r0(), "no room for the payload");
    }

    @ParameterizedTest
    @ValueSource(strings = {"elf", "rbf"})
    void temperature(String format) throws Exception {
        install(format, "temperature", Sdk.ANY);
        assertEquals(2345, runtime.run(APP, Invocation.empty()).r0());
        board.temperature().set(Phydat.of(-215, 2, -1));
        assertEquals(-2150, runtime.run(APP, Invocation.empty()).r0());
        board.temperature().set(Phydat.of(3, 2, 1));
        assertEquals(3000, runtime.run(APP, Invocation.empty()).r0());
        board.temperature().set(null);
        assertEquals(-0x10002, runtime.run(APP, Invocation.empty()).r0(), "TEMPERATURE_READ_FAILED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fletcher32", "thread_counter", "sensor_average", "coap_formatter", "temperature"})
    void elfAndRbfLoadToTheSameImage(String name) throws Exception {
        assertEquals(io.femto4j.runtime.image.Images.load(Sdk.elf(name)),
                io.femto4j.runtime.image.Images.load(Sdk.rbf(name)));
        assertTrue(Sdk.rbf(name).length > 28);
    }
}
