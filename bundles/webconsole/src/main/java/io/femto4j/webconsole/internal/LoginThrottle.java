package io.femto4j.webconsole.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Slows password guessing down, per client address. The first {@value #FREE_FAILURES} wrong passwords in a row
 * cost nothing; each further one locks the address out for twice as long as the last (1 s, 2 s, 4 s, ... up to
 * 15 min), and while it is locked out its requests are refused without their password being checked, so guessing
 * faster gains nothing. The right password ends the series.
 *
 * <p>Bounded: it remembers the {@code capacity} addresses seen most recently and forgets the others, so any number
 * of clients costs a fixed amount of memory (an attacker with more addresses than that can have one forgotten: the
 * price of the bound).
 */
final class LoginThrottle {
    static final int FREE_FAILURES = 5;
    static final int DEFAULT_CAPACITY = 4096;
    static final long FIRST_LOCK_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long MAX_LOCK_NANOS = TimeUnit.MINUTES.toNanos(15);

    private final LongSupplier nanoClock;
    private final Map<String, Failures> byAddress;

    private static final class Failures {
        int count;
        long lockedUntil;
    }

    LoginThrottle(LongSupplier nanoClock, int capacity) {
        this.nanoClock = nanoClock;
        byAddress = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
                return size() > capacity;
            }
        };
    }

    static LoginThrottle withSystemClock() {
        return new LoginThrottle(System::nanoTime, DEFAULT_CAPACITY);
    }

    /** How long {@code address} is still locked out, in nanoseconds; 0 if it may try. */
    synchronized long lockedFor(String address) {
        Failures f = byAddress.get(address);
        return f == null ? 0 : Math.max(0, f.lockedUntil - nanoClock.getAsLong());
    }

    /** A wrong password from {@code address}: past the free ones, locks it out. */
    synchronized void failed(String address) {
        Failures f = byAddress.computeIfAbsent(address, a -> new Failures());
        f.count = Math.min(f.count + 1, Integer.MAX_VALUE - 1);
        int locks = f.count - FREE_FAILURES;
        if (locks > 0) {
            long lock = locks > 20 ? MAX_LOCK_NANOS : Math.min(FIRST_LOCK_NANOS << (locks - 1), MAX_LOCK_NANOS);
            f.lockedUntil = nanoClock.getAsLong() + lock;
        }
    }

    /** The right password from {@code address}: its series ends. */
    synchronized void succeeded(String address) {
        byAddress.remove(address);
    }

    synchronized int addressesRemembered() {
        return byAddress.size();
    }
}
