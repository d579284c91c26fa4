package io.femto4j.hooks.internal.providers;

import io.femto4j.hooks.Attachment;
import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.HookProvider;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.store.ContainerId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hook {@code timer}: runs each attached container periodically, with its own period (attachment parameter
 * {@value #PERIOD} in milliseconds, default {@value #DEFAULT_PERIOD_MS}). The context is {@code femto_timer_ctx_t};
 * {@code count} is the number of periods since the attachment, so it jumps when a firing came too late to be
 * kept (a slow run never makes firings pile up). One scheduler thread per provider, shut down with it.
 */
@Component(name = "io.femto4j.hooks.timer", service = HookProvider.class)
public class TimerHookProvider implements HookProvider {
    public static final String NAME = "timer";
    public static final String PERIOD = "period";
    static final long DEFAULT_PERIOD_MS = 1000;
    /** period_us is a uint32_t of the context. */
    static final long MAX_PERIOD_MS = 0xffff_ffffL / 1000;
    static final HookSpec SPEC = new HookSpec(NAME, 24, true, HelperSets.LOGIC);

    private ScheduledExecutorService scheduler;
    private NamedThreads threads;
    private final Map<Key, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    private record Key(HookPoint point, ContainerId container) {
    }

    @Activate
    public void activate() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, threads = new NamedThreads(NAME));
        executor.setRemoveOnCancelPolicy(true); // a detached container's timer leaves the queue at once
        scheduler = executor;
    }

    /** Stops every timer and waits for a firing in progress, so no thread of this bundle survives it. */
    @Deactivate
    public void deactivate() throws InterruptedException {
        timers.clear();
        threads.stop(scheduler);
    }

    @Override
    public HookSpec spec() {
        return SPEC;
    }

    @Override
    public String contextLayout() {
        return "femto_timer_ctx_t {uint64_t now_us; uint64_t scheduled_us; uint32_t period_us; uint32_t count}";
    }

    @Override
    public void attached(HookPoint point, Attachment attachment) {
        long periodMs = attachment.longParameter(PERIOD, DEFAULT_PERIOD_MS);
        if (periodMs <= 0 || periodMs > MAX_PERIOD_MS) {
            throw new IllegalArgumentException("timer period must be 1 to " + MAX_PERIOD_MS + " ms, not " + periodMs);
        }
        long periodUs = periodMs * 1000;
        long start = micros();
        long[] lastCount = {0};
        Runnable tick = () -> {
            long now = micros();
            long count = Math.max(1, (now - start) / periodUs);
            if (count <= lastCount[0]) {
                return; // a late firing whose period was served already
            }
            lastCount[0] = count;
            point.fire(attachment.container(), Invocation.timer(now, start + count * periodUs, (int) periodUs, // uint32_t bits
                    (int) count));
        };
        ScheduledFuture<?> old = timers.put(new Key(point, attachment.container()),
                scheduler.scheduleAtFixedRate(tick, periodMs, periodMs, TimeUnit.MILLISECONDS));
        if (old != null) {
            old.cancel(false);
        }
    }

    @Override
    public void detached(HookPoint point, Attachment attachment) {
        ScheduledFuture<?> f = timers.remove(new Key(point, attachment.container()));
        if (f != null) {
            f.cancel(false);
        }
    }

    @Override
    public void close(HookPoint point) {
        timers.entrySet().removeIf(e -> {
            if (e.getKey().point == point) {
                e.getValue().cancel(false);
                return true;
            }
            return false;
        });
    }

    /** {@code fc:trigger dev timer}: one firing now, count 1, period 0 (one-shot). */
    @Override
    public Invocation manualEvent(HookPoint point, List<String> arguments) {
        if (!arguments.isEmpty()) {
            throw new IllegalArgumentException("the timer hook takes no arguments");
        }
        long now = micros();
        return Invocation.timer(now, now, 0, 1);
    }

    @Override
    public String describe(HookPoint point) {
        long running = timers.keySet().stream().filter(k -> k.point == point).count();
        return running + " timer(s)";
    }

    private static long micros() {
        return System.nanoTime() / 1000;
    }
}
