package io.femto4j.hooks.internal;

import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.HookStatus;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.HelperNumbers;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.store.ContainerId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Providers and devices coming and going (the whiteboard), with their containers kept and re-attached. */
class ProviderLifecycleTest {
    static final HookSpec SPEC = ChainTest.SPEC;

    /** Records the callbacks it gets. */
    static final class RecordingHook extends ChainTest.PlainHook {
        final List<String> calls = new ArrayList<>();

        RecordingHook(HookSpec spec) {
            super(spec);
        }

        @Override
        public void open(HookPoint point) {
            calls.add("open " + point.device().name());
        }

        @Override
        public void close(HookPoint point) {
            calls.add("close " + point.device().name());
        }

        @Override
        public void attached(HookPoint point, io.femto4j.hooks.Attachment a) {
            calls.add("attached " + a.container());
        }

        @Override
        public void detached(HookPoint point, io.femto4j.hooks.Attachment a) {
            calls.add("detached " + a.container());
        }
    }

    final TestDevice device = TestDevice.create("dev0");
    final HookRegistry hooks = new HookRegistry();

    @Test
    void providerGoneDetachesKeepsAndReattachesWhenItComesBack() {
        hooks.addDevice(device);
        RecordingHook first = new RecordingHook(SPEC);
        hooks.addProvider(first);
        ContainerId counter = device.install("counter", TestDevice.counting(1, 0), SPEC);
        hooks.attach("dev0", counter, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
        HookPoint oldPoint = hooks.point("dev0", "event").orElseThrow();
        hooks.trigger("dev0", "event", List.of());

        hooks.removeProvider(first);

        assertEquals(ContainerState.DETACHED, device.runtime().info(counter).orElseThrow().state());
        assertEquals(List.of("open dev0", "attached counter", "close dev0"), first.calls);
        HookStatus status = hooks.hooks().get(0);
        assertTrue(status.providerGone());
        assertEquals("provider gone", status.chain().get(0).note());
        assertThrows(IllegalArgumentException.class, () -> hooks.trigger("dev0", "event", List.of()));
        assertTrue(oldPoint.fire(io.femto4j.runtime.Invocation.of(new byte[8])).runs().isEmpty(),
                "a closed point runs nothing");

        RecordingHook back = new RecordingHook(SPEC);
        hooks.addProvider(back);

        assertEquals(ContainerState.ATTACHED, device.runtime().info(counter).orElseThrow().state());
        assertEquals(List.of("open dev0", "attached counter"), back.calls);
        assertFalse(hooks.hooks().get(0).providerGone());
        hooks.trigger("dev0", "event", List.of());
        assertEquals(2, device.global(1), "state (the store) kept across the provider's absence");
    }

    @Test
    void aContainerAttachedWhileTheProviderIsAwayWaitsForIt() {
        hooks.addDevice(device);
        ContainerId c = device.install("c", TestDevice.returning(1), SPEC);
        hooks.attach("dev0", c, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
        assertEquals(ContainerState.INSTALLED, device.runtime().info(c).orElseThrow().state());
        assertTrue(hooks.hooks().get(0).providerGone());

        hooks.addProvider(new RecordingHook(SPEC));

        assertEquals(1L, hooks.trigger("dev0", "event", List.of()).runs().get(0).r0());
    }

    @Test
    void aProviderWithAnotherSpecDoesNotGetOldContainers() {
        hooks.addDevice(device);
        RecordingHook first = new RecordingHook(SPEC);
        hooks.addProvider(first);
        ContainerId c = device.install("c", TestDevice.returning(1), SPEC);
        hooks.attach("dev0", c, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
        hooks.removeProvider(first);

        hooks.addProvider(new RecordingHook(new HookSpec("event", 64, false, HelperNumbers.ALL)));

        assertEquals(ContainerState.DETACHED, device.runtime().info(c).orElseThrow().state());
        assertTrue(hooks.hooks().get(0).chain().get(0).note().contains("reinstall"));
        assertTrue(hooks.trigger("dev0", "event", List.of()).runs().isEmpty());
    }

    @Test
    void aSecondProviderOfTheSameHookTakesOverWhenTheFirstLeaves() {
        hooks.addDevice(device);
        RecordingHook first = new RecordingHook(SPEC);
        RecordingHook second = new RecordingHook(SPEC);
        hooks.addProvider(first);
        hooks.addProvider(second);
        assertTrue(second.calls.isEmpty());
        ContainerId c = device.install("c", TestDevice.returning(1), SPEC);
        hooks.attach("dev0", c, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());

        hooks.removeProvider(first);

        assertEquals(List.of("open dev0", "attached c"), second.calls);
        assertEquals(ContainerState.ATTACHED, device.runtime().info(c).orElseThrow().state());
    }

    @Test
    void everyDeviceGetsTheHookAndAGoneDeviceTakesItsChainAlong() {
        RecordingHook hook = new RecordingHook(SPEC);
        hooks.addProvider(hook);
        hooks.addDevice(device);
        TestDevice other = TestDevice.create("dev1");
        hooks.addDevice(other);
        assertEquals(List.of("open dev0", "open dev1"), hook.calls);
        ContainerId c = other.install("c", TestDevice.returning(1), SPEC);
        hooks.attach("dev1", c, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());

        hooks.removeDevice(other);

        assertEquals("close dev1", hook.calls.get(hook.calls.size() - 1));
        assertEquals(List.of("dev0"), hooks.hooks().stream().map(HookStatus::device).toList());
    }

    @Test
    void aContainerUninstalledWhileTheProviderIsAwayIsNotedNotAttached() {
        hooks.addDevice(device);
        RecordingHook first = new RecordingHook(SPEC);
        hooks.addProvider(first);
        ContainerId c = device.install("c", TestDevice.returning(1), SPEC);
        hooks.attach("dev0", c, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
        hooks.removeProvider(first);
        device.runtime().uninstall(c);

        RecordingHook back = new RecordingHook(SPEC);
        hooks.addProvider(back);

        assertEquals(List.of("open dev0"), back.calls);
        assertEquals("uninstalled", hooks.hooks().get(0).chain().get(0).note());
        assertTrue(hooks.trigger("dev0", "event", List.of()).runs().isEmpty());
        assertTrue(hooks.detach("dev0", c), "an uninstalled container can still be taken out of its chain");
    }

    @Test
    void shutdownDetachesEverything() {
        hooks.addDevice(device);
        hooks.addProvider(new RecordingHook(SPEC));
        ContainerId c = device.install("c", TestDevice.returning(1), SPEC);
        hooks.attach("dev0", c, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());

        hooks.shutdown();

        assertEquals(ContainerState.DETACHED, device.runtime().info(c).orElseThrow().state());
    }
}
