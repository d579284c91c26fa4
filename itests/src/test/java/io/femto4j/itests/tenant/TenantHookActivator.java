package io.femto4j.itests.tenant;

import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.HookProvider;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's own hook, packed by {@code HooksIT} into a bundle of its own (this class alone) and installed at
 * run time: it registers a {@link HookProvider} for hook {@value #HOOK} and fires it every 20 ms from a thread
 * of its own, which it stops when the bundle stops.
 */
public class TenantHookActivator implements BundleActivator, HookProvider {
    public static final String HOOK = "tenant-event";
    public static final String THREAD = "tenant-hook-ticker";

    private final Set<HookPoint> points = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread ticker;
    private ServiceRegistration<HookProvider> registration;

    @Override
    public void start(BundleContext context) {
        running = true;
        ticker = new Thread(this::tick, THREAD);
        ticker.setDaemon(true);
        ticker.start();
        registration = context.registerService(HookProvider.class, this, null);
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        registration.unregister(); // the manager detaches our containers before the thread goes
        running = false;
        ticker.interrupt();
        ticker.join(5000);
    }

    private void tick() {
        while (running) {
            for (HookPoint p : points) {
                p.fire(Invocation.of(new byte[8]));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public HookSpec spec() {
        return new HookSpec(HOOK, 8, true, Set.of(0x1012)); // bpf_add_global only
    }

    @Override
    public String contextLayout() {
        return "uint64_t unused";
    }

    @Override
    public void open(HookPoint point) {
        points.add(point);
    }

    @Override
    public void close(HookPoint point) {
        points.remove(point);
    }

    @Override
    public Invocation manualEvent(HookPoint point, List<String> arguments) {
        return Invocation.of(new byte[8]);
    }
}
