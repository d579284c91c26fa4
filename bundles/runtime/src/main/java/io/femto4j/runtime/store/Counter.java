package io.femto4j.runtime.store;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A count of entries with a limit it never exceeds, even when many threads acquire at once: acquiring is a
 * compare-and-set that only succeeds below the limit. Lowering the limit under the count evicts nothing; it only
 * refuses further acquisitions until releases bring the count down.
 */
final class Counter {

    private final AtomicInteger used = new AtomicInteger();
    private volatile int limit;

    Counter(int limit) {
        this.limit = limit;
    }

    /** Takes one unit if the count is below the limit. */
    boolean tryAcquire() {
        for (;;) {
            int current = used.get();
            if (current >= limit) {
                return false;
            }
            if (used.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        used.decrementAndGet();
    }

    int used() {
        return used.get();
    }

    int limit() {
        return limit;
    }

    void setLimit(int limit) {
        this.limit = limit;
    }
}
