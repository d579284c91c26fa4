package io.femto4j.hooks.internal.providers;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamedThreadsTest {
    @Test
    void stopReturnsOnlyOnceEveryThreadHasEnded() throws Exception {
        NamedThreads threads = new NamedThreads("stop-test");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, threads);
        CountDownLatch running = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            executor.execute(() -> {
                running.countDown();
                long end = System.nanoTime() + 100_000_000L;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait(); // ignores the interrupt, as a task stuck in a container run would
                }
            });
        }
        running.await();
        assertEquals(2, Threads.alive(NamedThreads.PREFIX + "stop-test-").size());

        threads.stop(executor);

        assertTrue(executor.isTerminated());
        assertEquals(List.of(), Threads.alive(NamedThreads.PREFIX + "stop-test-"));
    }
}
