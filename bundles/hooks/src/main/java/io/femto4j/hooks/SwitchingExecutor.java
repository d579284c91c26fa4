package io.femto4j.hooks;

import java.util.concurrent.Executor;

/**
 * The platform's executor for its own tasks (an OSGi service of the {@code sched} hook's provider). Each task
 * belongs to a logical thread; a worker that picks up a task of another logical thread than its previous task
 * performs a thread switch, which fires the {@code sched} hook with {@code {previous, next}} = those logical
 * thread ids (previous 0 for a worker's first task), before the task runs on that worker.
 */
public interface SwitchingExecutor extends Executor {

    /** Runs {@code task} as part of logical thread {@code thread} (not 0, which means "no thread"). */
    void execute(long thread, Runnable task);

    /** Runs {@code task} as part of the logical thread of the calling Java thread (its id). */
    @Override
    default void execute(Runnable task) {
        execute(Thread.currentThread().getId(), task);
    }

    /** Thread switches so far, on all workers. */
    long switches();
}
