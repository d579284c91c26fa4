package io.femto4j.hooks.internal.providers;

import io.femto4j.hooks.SwitchingExecutor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fixed pool of workers sharing one queue, where each task carries a logical thread id. A worker remembers
 * the logical thread of its last task: taking one of another thread is a switch, reported to the listener on
 * the worker before the task runs (as a kernel calls its scheduler hook on the switching CPU).
 */
final class SwitchingThreadPool implements SwitchingExecutor {
    private static final Logger LOG = Logger.getLogger(SwitchingThreadPool.class.getName());

    /** Told of every switch, on the worker that switches. */
    interface SwitchListener {
        void switched(long previous, long next);
    }

    private record Task(long thread, Runnable body) {
    }

    private static final Task STOP = new Task(0, () -> { });

    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final SwitchListener listener;
    private final AtomicLong switches = new AtomicLong();
    private volatile boolean stopped;

    SwitchingThreadPool(int workerCount, SwitchListener listener) {
        if (workerCount < 1) {
            throw new IllegalArgumentException("at least one worker");
        }
        this.listener = listener;
        NamedThreads threads = new NamedThreads("sched");
        for (int i = 0; i < workerCount; i++) {
            Thread t = threads.newThread(this::work);
            workers.add(t);
        }
        workers.forEach(Thread::start);
    }

    @Override
    public void execute(long thread, Runnable task) {
        if (thread == 0) {
            throw new IllegalArgumentException("logical thread 0 means no thread");
        }
        if (stopped) {
            throw new RejectedExecutionException("the platform executor is shut down");
        }
        queue.add(new Task(thread, task));
    }

    @Override
    public long switches() {
        return switches.get();
    }

    private void work() {
        long current = 0;
        while (true) {
            Task task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (task == STOP) {
                return;
            }
            if (task.thread != current) {
                switches.incrementAndGet();
                try {
                    listener.switched(current, task.thread);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "sched hook failed", e);
                }
                current = task.thread;
            }
            try {
                task.body.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "a platform task of logical thread " + task.thread + " failed", e);
            }
        }
    }

    /** Runs the tasks queued so far, then stops every worker and waits for it. */
    void shutdown() throws InterruptedException {
        stopped = true;
        for (int i = 0; i < workers.size(); i++) {
            queue.add(STOP);
        }
        for (Thread t : workers) {
            t.join(10_000);
            if (t.isAlive()) {
                t.interrupt(); // a task that does not end: interrupt it rather than leave the thread behind
                t.join(5_000);
            }
        }
    }
}
