package io.femto4j.devices.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.femto4j.board.EnginePolicy;
import io.femto4j.board.nrf52840.internal.Nrf52840Board;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.vm.Engine;

import java.nio.file.Files;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.ConfigurationException;

/** The device's engine policy: configured per device, chosen per install, followed by replaces. */
class EnginePolicyDeviceTest {
    static final ContainerId F = ContainerId.of("f");
    static final ContainerId G = ContainerId.of("g");

    static SimulatedDevice device(EnginePolicy compile) {
        SimulatedDevice d = new SimulatedDevice("d", new Nrf52840Board().profile(), compile);
        d.putTenant(Tenant.trusted("default"));
        return d;
    }

    static byte[] fletcher32() throws Exception {
        return Files.readAllBytes(SimulatedDeviceTest.EXAMPLES.resolve("fletcher32.o"));
    }

    static long runFletcher32(SimulatedDevice d, ContainerId id) throws Exception {
        byte[] input = Files.readAllBytes(SimulatedDeviceTest.EXAMPLES.resolve("fletcher32-input.txt"));
        return d.run(id, Invocation.of(input)).result().r0();
    }

    private static ContainerInfo info(SimulatedDevice d, ContainerId id) {
        return d.runtime().info(id).orElseThrow();
    }

    @Test
    void alwaysCompilesAtInstallAndNeverInterprets() throws Exception {
        SimulatedDevice compiled = device(EnginePolicy.ALWAYS);
        ContainerInfo info = compiled.install(F, fletcher32(), SimulatedDeviceTest.T, SimulatedDeviceTest.HOOK, null);
        assertEquals(Engine.Kind.COMPILER, info.engineKind(), info.engine());
        compiled.runtime().attach(F);
        assertEquals(0x5bac8c3dL, runFletcher32(compiled, F));

        SimulatedDevice interpreted = device(EnginePolicy.NEVER);
        ContainerInfo other = interpreted.install(F, fletcher32(), SimulatedDeviceTest.T, SimulatedDeviceTest.HOOK, null);
        assertEquals(Engine.Kind.INTERPRETER, other.engineKind());
        assertEquals("interpreter", other.engine());
    }

    @Test
    void anInstallOverridesTheDevicePolicy() throws Exception {
        SimulatedDevice d = device(EnginePolicy.NEVER);
        d.install(F, fletcher32(), SimulatedDeviceTest.T, SimulatedDeviceTest.HOOK, null, EnginePolicy.ALWAYS);
        d.install(G, fletcher32(), SimulatedDeviceTest.T, SimulatedDeviceTest.HOOK, null, null);
        assertEquals(Engine.Kind.COMPILER, info(d, F).engineKind());
        assertEquals(Engine.Kind.INTERPRETER, info(d, G).engineKind(), "null: the device's policy");
    }

    @Test
    void afterNRunsTheContainerRunsCompiledWithTheSameResults() throws Exception {
        SimulatedDevice d = device(EnginePolicy.after(2));
        d.install(F, fletcher32(), SimulatedDeviceTest.T, SimulatedDeviceTest.HOOK, null);
        d.runtime().attach(F);
        for (int run = 1; run <= 2; run++) {
            assertEquals(0x5bac8c3dL, runFletcher32(d, F));
            assertEquals(Engine.Kind.INTERPRETER, info(d, F).engineKind(), "after run " + run);
        }
        assertTrue(info(d, F).engine().contains("2 so far"), info(d, F).engine());
        assertEquals(0x5bac8c3dL, runFletcher32(d, F));
        assertEquals(Engine.Kind.COMPILER, info(d, F).engineKind(), info(d, F).engine());
        assertEquals(3, info(d, F).stats().runs());
    }

    @Test
    void aNewPolicyAppliesToLaterInstallsAndReplacesOnly() throws Exception {
        SimulatedDevice d = device(EnginePolicy.NEVER);
        d.install(F, fletcher32(), SimulatedDeviceTest.T, SimulatedDeviceTest.HOOK, null);
        d.install(G, fletcher32(), SimulatedDeviceTest.T, SimulatedDeviceTest.HOOK, null, EnginePolicy.NEVER);

        d.compile(EnginePolicy.ALWAYS);

        assertEquals(EnginePolicy.ALWAYS, d.compile());
        assertEquals(Engine.Kind.INTERPRETER, info(d, F).engineKind(), "a running engine is left alone");
        d.install(ContainerId.of("h"), fletcher32(), SimulatedDeviceTest.T, SimulatedDeviceTest.HOOK, null);
        assertEquals(Engine.Kind.COMPILER, info(d, ContainerId.of("h")).engineKind());
        assertEquals(Engine.Kind.COMPILER, d.runtime().replace(F, fletcher32(), null).engineKind(),
                "a replace follows the device's policy");
        assertEquals(Engine.Kind.INTERPRETER, d.runtime().replace(G, fletcher32(), null).engineKind(),
                "a replace keeps a policy chosen at install");
    }

    @Test
    void settingsReadTheCompilePropertyAndDefaultToNever() {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", "dev1");
        assertEquals(EnginePolicy.NEVER, DeviceSettings.parse("io.femto4j.device.1", props).compile());
        assertEquals(EnginePolicy.NEVER, DeviceSettings.fallback().compile());
        props.put("compile", "after:500");
        DeviceSettings s = DeviceSettings.parse("io.femto4j.device.1", props);
        assertEquals(new DeviceSettings("dev1", "nrf52840", List.of("default"), EnginePolicy.after(500)), s);
        props.put("compile", " ");
        assertEquals(EnginePolicy.NEVER, DeviceSettings.parse("io.femto4j.device.1", props).compile());
    }

    @Test
    void aBadCompileValueIsRefusedAsAConfigurationErrorAndChangesNothing() throws Exception {
        DeviceManager manager = new DeviceManager();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("name", "dev1");
        props.put("compile", "sometimes");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> manager.updated("io.femto4j.device.1", props));
        assertEquals("compile", e.getProperty());
        assertTrue(e.getReason().contains("never, always or after:N"), e.getReason());
        // the refused configuration took no name: a good one may use it
        props.put("compile", "always");
        manager.updated("io.femto4j.device.2", props);
    }
}
