package io.femto4j.hooks.internal.providers;

import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.internal.HookRegistry;
import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.runtime.store.ContainerId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerHookTest {
    final TestDevice device = TestDevice.create("dev0");
    final HookRegistry hooks = new HookRegistry();
    final TimerHookProvider timer = new TimerHookProvider();

    TimerHookTest() {
        timer.activate();
        hooks.addDevice(device);
        hooks.addProvider(timer);
    }

    @AfterEach
    void stop() throws InterruptedException {
        hooks.removeProvider(timer);
        timer.deactivate();
    }

    /** Counts its runs at global key 1 and stores the context's count (offset 20) at global key 2. */
    static byte[] countingTicks() {
        return TestDevice.asm(
                "mov %r6, %r1",
                "mov %r1, 1", "mov %r2, 1", "mov %r3, 0", "call 0x1012",
                "ldxw %r2, [%r6+20]", "mov %r1, 2", "call 0x11",
                "mov %r0, 0", "exit");
    }

    @Test
    void firesEachContainerWithItsOwnPeriodUntilDetached() throws Exception {
        ContainerId fast = device.install("fast", countingTicks(), TimerHookProvider.SPEC);
        hooks.attach("dev0", fast, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of("period", "20"));

        Threads.await("5 firings", () -> device.global(1) >= 5);
        assertTrue(device.global(2) >= 5, "the context's count follows the periods: " + device.global(2));

        hooks.detach("dev0", fast);
        long after = device.global(1);
        Thread.sleep(100);
        assertEquals(after, device.global(1), "no firing after detach");
        assertTrue(hooks.hooks().get(0).details().startsWith("0 timer"));
    }

    @Test
    void aManualTriggerRunsTheChainOnce() {
        ContainerId slow = device.install("slow", countingTicks(), TimerHookProvider.SPEC);
        hooks.attach("dev0", slow, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of("period", "3600000"));

        assertEquals(1, hooks.trigger("dev0", "timer", List.of()).runs().size());
        assertEquals(1, device.global(1));
        assertEquals(1, device.global(2));
    }

    @Test
    void aBadPeriodRefusesTheAttachment() {
        ContainerId c = device.install("c", countingTicks(), TimerHookProvider.SPEC);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> hooks.attach("dev0", c, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of("period", "0")));
        assertTrue(e.getMessage().contains("period"), e.getMessage());
        assertTrue(hooks.hooks().get(0).chain().isEmpty());
        // the runtime has no way back to INSTALLED; detached, it may be attached again
        assertEquals(io.femto4j.runtime.ContainerState.DETACHED, device.runtime().info(c).orElseThrow().state());
    }

    @Test
    void deactivationLeavesNoThreadBehind() throws Exception {
        ContainerId c = device.install("c", countingTicks(), TimerHookProvider.SPEC);
        hooks.attach("dev0", c, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of("period", "5"));
        Threads.await("a firing", () -> device.global(1) >= 1);
        assertEquals(1, Threads.alive("femto4j-hook-timer").size());

        hooks.removeProvider(timer);
        timer.deactivate();

        assertEquals(List.of(), Threads.alive("femto4j-hook-timer"));
        timer.activate(); // for @AfterEach
        hooks.addProvider(timer);
    }
}
