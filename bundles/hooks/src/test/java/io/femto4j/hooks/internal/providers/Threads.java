package io.femto4j.hooks.internal.providers;

import java.util.List;
import java.util.function.BooleanSupplier;

/** Waiting for conditions and looking for threads left behind. */
final class Threads {
    private Threads() {
    }

    /** Names of live threads that start with {@code prefix}. */
    static List<String> alive(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).sorted().toList();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
