package io.femto4j.hooks.internal.providers;

import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.HookProvider;
import io.femto4j.hooks.SwitchingExecutor;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Hook {@code sched}: the thread switches of the platform's own executor, which this component owns and
 * publishes as the {@link SwitchingExecutor} service (configuration {@code workers}, default 2). Every switch
 * fires the hook on every device with {@code femto_sched_ctx_t {previous, next}} (logical thread ids).
 */
@Component(name = "io.femto4j.hooks.sched", service = {HookProvider.class, SwitchingExecutor.class})
public class SchedHookProvider implements HookProvider, SwitchingExecutor {
    public static final String NAME = "sched";
    static final HookSpec SPEC = new HookSpec(NAME, 16, true, HelperSets.PROBE);

    private final Set<HookPoint> points = new CopyOnWriteArraySet<>();
    private SwitchingThreadPool pool;

    @Activate
    public void activate(Map<String, ?> config) {
        Object workers = config == null ? null : config.get("workers");
        int count = workers == null ? 2 : Integer.parseInt(workers.toString().trim());
        pool = new SwitchingThreadPool(count, this::switched);
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        pool.shutdown();
    }

    private void switched(long previous, long next) {
        for (HookPoint p : points) {
            p.fire(Invocation.sched(previous, next)); // a fresh context per device: runs must not share it
        }
    }

    @Override
    public void execute(long thread, Runnable task) {
        pool.execute(thread, task);
    }

    @Override
    public long switches() {
        return pool.switches();
    }

    @Override
    public HookSpec spec() {
        return SPEC;
    }

    @Override
    public String contextLayout() {
        return "femto_sched_ctx_t {uint64_t previous; uint64_t next}";
    }

    @Override
    public void open(HookPoint point) {
        points.add(point);
    }

    @Override
    public void close(HookPoint point) {
        points.remove(point);
    }

    /** {@code fc:trigger dev sched PREVIOUS NEXT}. */
    @Override
    public Invocation manualEvent(HookPoint point, List<String> arguments) {
        if (arguments.size() != 2) {
            throw new IllegalArgumentException("the sched hook takes two thread ids: previous next");
        }
        return Invocation.sched(Long.parseLong(arguments.get(0)), Long.parseLong(arguments.get(1)));
    }

    @Override
    public String describe(HookPoint point) {
        return pool.switches() + " switch(es) on the platform executor";
    }
}
