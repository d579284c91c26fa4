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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** thread_counter.o on the switches of the platform executor. */
class SchedHookTest {
    final TestDevice device = TestDevice.create("dev0");
    final HookRegistry hooks = new HookRegistry();
    final SchedHookProvider sched = new SchedHookProvider();

    private void start(int workers) {
        sched.activate(Map.of("workers", String.valueOf(workers)));
        hooks.addDevice(device);
        hooks.addProvider(sched);
        ContainerId counter = device.install("thread_counter", TestDevice.example("thread_counter"),
                SchedHookProvider.SPEC);
        hooks.attach("dev0", counter, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
    }

    @AfterEach
    void stop() throws InterruptedException {
        hooks.removeProvider(sched);
        sched.deactivate();
        assertEquals(List.of(), Threads.alive("femto4j-hook-sched"));
    }

    private void runAll(long... logicalThreads) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(logicalThreads.length);
        for (long t : logicalThreads) {
            sched.execute(t, done::countDown);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
    }

    @Test
    void oneWorkerCountsEverySwitchPerThread() throws Exception {
        start(1);

        runAll(1, 2, 2, 1, 3, 1, 1);

        // 0->1, 1->2, 2->1, 1->3, 3->1: a task of the thread already running is no switch
        assertEquals(3, device.global(1));
        assertEquals(1, device.global(2));
        assertEquals(1, device.global(3));
        assertEquals(5, sched.switches());
    }

    @Test
    void withSeveralWorkersTheCountsAddUpToTheSwitches() throws Exception {
        start(2);
        long[] tasks = new long[400];
        for (int i = 0; i < tasks.length; i++) {
            tasks[i] = 1 + i % 4;
        }

        runAll(tasks);

        long counted = 0;
        for (int t = 1; t <= 4; t++) {
            counted += device.global(t);
        }
        assertEquals(sched.switches(), counted);
        assertTrue(counted >= 4, "every thread was switched to at least once: " + counted);
    }

    @Test
    void aManualTriggerCountsTheGivenSwitch() {
        start(1);
        hooks.trigger("dev0", "sched", List.of("0", "77"));
        assertEquals(1, device.global(77));
    }
}
