package io.femto4j.hooks.internal.commands;

import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.internal.HookRegistry;
import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.hooks.internal.providers.SchedHookProvider;
import io.femto4j.runtime.HookSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fc: commands' words and text, on a real registry and the real sched hook. */
class HookCommandsTest {
    final TestDevice device = TestDevice.create("dev0");
    final HookRegistry hooks = new HookRegistry();
    final SchedHookProvider sched = new SchedHookProvider();
    final HookCommands fc = new HookCommands(hooks);

    HookCommandsTest() {
        sched.activate(Map.of("workers", "1"));
        hooks.addDevice(device);
        hooks.addProvider(sched);
    }

    @AfterEach
    void stop() throws InterruptedException {
        hooks.removeProvider(sched);
        sched.deactivate();
    }

    @Test
    void attachTriggerHooksDetach() {
        HookSpec spec = hooks.spec("sched").orElseThrow();
        device.install("tc", TestDevice.example("thread_counter"), spec);
        device.install("neg", TestDevice.returning(-5), spec);

        assertEquals("attached neg to sched on dev0 (order 0, abort-on-negative, {budget=100})",
                fc.attach("dev0", "neg", "policy=abort-on-negative", "budget=100"));
        assertTrue(fc.attach("dev0", "tc", "order=7").contains("order 7, continue"));

        String fired = fc.trigger("dev0", "sched", "1", "2");
        assertTrue(fired.startsWith("neg: r0=-5"), fired);
        assertTrue(fired.endsWith("chain stopped by policy"), fired);

        String listing = fc.hooks();
        assertTrue(listing.contains("dev0 sched"), listing);
        assertTrue(listing.contains("femto_sched_ctx_t"), listing);
        assertTrue(listing.contains("0. neg abort-on-negative {budget=100} - attached"), listing);
        assertTrue(listing.contains("7. tc continue - attached"), listing);

        assertEquals("detached neg on dev0", fc.detach("dev0", "neg"));
        assertEquals("neg is in no chain on dev0", fc.detach("dev0", "neg"));
        assertTrue(fc.trigger("dev0", "sched", "1", "2").startsWith("tc: r0=0"));
        assertEquals(1, device.global(2));

        hooks.removeProvider(sched);
        assertTrue(fc.hooks().contains("[provider gone]"), fc.hooks());
        hooks.addProvider(sched);
    }

    @Test
    void mistakesSayWhatToType() {
        device.install("c", TestDevice.returning(0), hooks.spec("sched").orElseThrow());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fc.attach("dev0", "c", "continue"));
        assertTrue(e.getMessage().contains("fc:attach DEVICE CONTAINER"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> fc.trigger("dev0", "sched", "1"));
        assertEquals(ChainPolicy.SINGLE, ChainPolicy.parse("SINGLE"));
    }
}
