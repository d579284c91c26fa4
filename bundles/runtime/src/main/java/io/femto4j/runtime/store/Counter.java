package io.femto4j.runtime.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count of entries with a limit it never exceeds, even when many threads acquire at once: acquiring is a
 * compare-and-set that only succeeds below the limit. Lowering the limit under the count evicts nothing; it only
 * refuses further acquisitions until releases bring the count down.
 *
 * <p>The count is a field updated through a {@link VarHandle}, not an {@code AtomicInteger}: every attached container
 * has three counters, and an atomic object each would cost 16 bytes more apiece.
 */
final class Counter {
    private static final VarHandle USED;

    static {
        try {
            USED = MethodHandles.lookup().findVarHandle(Counter.class, "used", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Through {@link #USED} only. */
    private int used;
    private volatile int limit;

    Counter(int limit) {
        this.limit = limit;
    }

    /** Takes one unit if the count is below the limit. */
    boolean tryAcquire() {
        for (;;) {
            int current = (int) USED.getVolatile(this);
            if (current >= limit) {
                return false;
            }
            if (USED.compareAndSet(this, current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        USED.getAndAdd(this, -1);
    }

    int used() {
        return (int) USED.getVolatile(this);
    }

    int limit() {
        return limit;
    }

    void setLimit(int limit) {
        this.limit = limit;
    }
}
