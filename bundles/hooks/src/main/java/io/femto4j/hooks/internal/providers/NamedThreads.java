package io.femto4j.hooks.internal.providers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Daemon threads named {@code femto4j-hook-<name>-N}: the name tells a thread dump (and the itests, which
 * check no such thread outlives its bundle) whose thread it is. The factory remembers its threads so that
 * {@link #stop} can wait for them to end, not only for their executor to terminate: an executor reports
 * termination from its last worker, while that thread is still running.
 */
final class NamedThreads implements ThreadFactory {
    /** Every thread a built-in hook starts has a name beginning with this. */
    static final String PREFIX = "femto4j-hook-";
    private static final long STOP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private int next = 1;

    NamedThreads(String name) {
        this.name = PREFIX + name + "-";
    }

    @Override
    public synchronized Thread newThread(Runnable task) {
        threads.removeIf(t -> t.getState() == Thread.State.TERMINATED); // stays as small as the pool
        Thread t = new Thread(task, name + next++);
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    /**
     * Stops {@code executor} (whose threads this factory made), interrupting what runs, and waits up to 10 s for
     * every thread to end.
     */
    void stop(ExecutorService executor) throws InterruptedException {
        long deadline = System.nanoTime() + STOP_NANOS;
        executor.shutdownNow();
        executor.awaitTermination(STOP_NANOS, TimeUnit.NANOSECONDS);
        List<Thread> started;
        synchronized (this) {
            started = List.copyOf(threads);
        }
        for (Thread t : started) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(t, left);
            }
        }
    }
}
