package io.femto4j.hooks.internal.providers;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named {@code femto4j-hook-<name>-N}: the name tells a thread dump (and the itests, which
 * check no such thread outlives its bundle) whose thread it is.
 */
final class NamedThreads implements ThreadFactory {
    /** Every thread a built-in hook starts has a name beginning with this. */
    static final String PREFIX = "femto4j-hook-";

    private final String name;
    private final AtomicInteger next = new AtomicInteger(1);

    NamedThreads(String name) {
        this.name = PREFIX + name + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread t = new Thread(task, name + next.getAndIncrement());
        t.setDaemon(true);
        return t;
    }
}
