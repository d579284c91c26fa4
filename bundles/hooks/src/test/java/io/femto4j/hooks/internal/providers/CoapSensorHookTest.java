package io.femto4j.hooks.internal.providers;

import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.internal.HookRegistry;
import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.store.ContainerId;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper's pipeline: sensor_average.o on the sensor hook publishes the average at global key 0x50, and
 * coap_formatter.o answers a real CoAP GET over loopback with it.
 */
class CoapSensorHookTest {
    final TestDevice device = TestDevice.create("dev0");
    final HookRegistry hooks = new HookRegistry();
    final SensorHookProvider sensor = new SensorHookProvider();
    final CoapHookProvider coap = new CoapHookProvider();
    CoapEndpoint clientEndpoint;

    CoapSensorHookTest() throws Exception {
        sensor.activate(Map.of("interval.ms", "0"));
        coap.activate(Map.of("port", "0"));
        hooks.addDevice(device);
        hooks.addProvider(sensor);
        hooks.addProvider(coap);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (clientEndpoint != null) {
            clientEndpoint.destroy();
        }
        hooks.removeProvider(coap);
        hooks.removeProvider(sensor);
        coap.deactivate();
        sensor.deactivate();
        assertEquals(List.of(), Threads.alive("femto4j-hook-"));
        assertEquals(List.of(), Threads.alive("UDP-"), "the servers' UDP threads end with them");
    }

    private CoapResponse get(String container) throws Exception {
        HookPoint point = hooks.point("dev0", "coap").orElseThrow();
        InetSocketAddress at = coap.address(point).orElseThrow();
        assertTrue(at.getAddress().isLoopbackAddress(), "loopback by default: " + at);
        CoapClient client = new CoapClient("coap://" + at.getAddress().getHostAddress() + ":" + at.getPort()
                + "/fc/" + container);
        if (clientEndpoint == null) {
            clientEndpoint = CoapEndpoint.builder().build();
        }
        client.setEndpoint(clientEndpoint);
        client.setTimeout(5000L);
        try {
            return client.get();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aCoapGetReadsTheAverageTheSensorHookComputed() throws Exception {
        ContainerId average = device.install("average", TestDevice.example("sensor_average"),
                SensorHookProvider.SPEC);
        ContainerId formatter = device.install("formatter", TestDevice.example("coap_formatter"),
                CoapHookProvider.SPEC);
        hooks.attach("dev0", average, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
        hooks.attach("dev0", formatter, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());

        device.simulated().temperature().set(Phydat.of(2345, Phydat.UNIT_TEMP_C, -2));
        assertEquals(0, hooks.trigger("dev0", "sensor", List.of()).runs().get(0).r0());
        device.simulated().temperature().set(Phydat.of(2100, Phydat.UNIT_TEMP_C, -2));
        hooks.trigger("dev0", "sensor", List.of());
        // the first reading fills the window of 8: (7 * 2345 + 2100) / 8 = 2314 (rounded down)
        assertEquals(2314, device.global(0x50));

        CoapResponse response = get("formatter");

        assertNotNull(response, "no answer");
        assertEquals(CoAP.ResponseCode.CONTENT, response.getCode());
        assertEquals(MediaTypeRegistry.TEXT_PLAIN, response.getOptions().getContentFormat());
        assertEquals("23.14", response.getResponseText());
    }

    @Test
    void aDetachedContainerHasNoResourceAndAFaultIsAServerError() throws Exception {
        ContainerId formatter = device.install("formatter", TestDevice.example("coap_formatter"),
                CoapHookProvider.SPEC);
        ContainerId faulty = device.install("faulty", TestDevice.asm("mov %r1, 0", "ldxdw %r0, [%r1]", "exit"),
                CoapHookProvider.SPEC);
        hooks.attach("dev0", formatter, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
        hooks.attach("dev0", faulty, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());

        assertEquals(CoAP.ResponseCode.INTERNAL_SERVER_ERROR, get("faulty").getCode());
        assertEquals("0.00", get("formatter").getResponseText(), "nothing published yet: key 0x50 reads 0");

        hooks.detach("dev0", formatter);

        assertEquals(CoAP.ResponseCode.NOT_FOUND, get("formatter").getCode());
    }

    @Test
    void sensorEventsCarryTheReadingAndThePosition() {
        // stores the context's first value (offset 0, int16) at global 1 and the position (offset 8) at global 2
        ContainerId probe = device.install("probe", TestDevice.asm(
                "mov %r6, %r1",
                "ldxh %r2, [%r6]", "mov %r1, 1", "call 0x11",
                "ldxw %r2, [%r6+8]", "mov %r1, 2", "call 0x11",
                "mov %r0, 0", "exit"), SensorHookProvider.SPEC);
        hooks.attach("dev0", probe, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
        device.simulated().temperature().set(Phydat.of(1999, Phydat.UNIT_TEMP_C, -2));

        SensorHookProvider.sample(hooks.point("dev0", "sensor").orElseThrow(), -1);

        assertEquals(1999, device.global(1));
        assertEquals(1, device.global(2), "temp0 is at position 1 of the simulated board");
    }
}
