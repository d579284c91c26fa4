package io.femto4j.demo.internal;

import io.femto4j.board.Device;
import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookProvider;
import io.femto4j.hooks.SwitchingExecutor;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The platform's demo: on device {@value #DEVICE} it installs and attaches the SDK's example containers
 *
 * <ul>
 *   <li>{@code sensor_average} on the {@code timer} hook (every second): the moving average of the temperature, at global key
 *       0x50 (0.01 degrees);</li>
 *   <li>{@code coap_formatter} on the {@code coap} hook: answers {@code coap://127.0.0.1:5683/fc/coap_formatter}
 *       with that average;</li>
 *   <li>{@code thread_counter} on the {@code sched} hook: counts thread switches per logical thread in the
 *       global store.</li>
 * </ul>
 *
 * Nothing on a bare platform runs on the platform executor, so the sched hook would never fire: the demo submits
 * a small workload to it (one empty task every {@code workload.ms}, default 500, for logical threads 1, 2, 3 in
 * turn) to give the thread counter switches to count. Three threads for the executor's two workers: with two, each
 * worker could keep one thread for good and never switch again.
 *
 * <p>Configuration PID {@value #PID}: {@code enabled} (default true; false installs nothing, so a production
 * platform may keep the bundle and turn it off, or leave the bundle out), {@code workload.ms}. Deactivation
 * detaches and uninstalls what it installed. The images are the bundle's resources under {@code demo/}.
 */
@Component(configurationPid = DemoContainers.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true, service = {})
public class DemoContainers {
    static final String PID = "io.femto4j.demo";
    static final String DEVICE = "dev0";
    static final TenantId TENANT = TenantId.of("default");
    private static final Logger LOG = Logger.getLogger(DemoContainers.class.getName());
    /** How long activation keeps retrying while the hook manager has not yet seen the device or a hook. */
    private static final long SETUP_DEADLINE_MS = 30_000;
    private static final long SETUP_RETRY_MS = 10;
    /** The workload's logical threads are 1 to this (0 means "no thread" to the executor). */
    private static final long WORKLOAD_THREADS = 3;

    /** One demo container: its id (also its CoAP path), the hook it runs on, its attachment, the image resource. */
    record DemoContainer(String id, String hook, Map<String, String> attachment, String resource) {
    }

    static final List<DemoContainer> CONTAINERS = List.of(
            // once a second, as the paper's periodic sensor application (femto_timer_ctx_t, as its header says)
            new DemoContainer("sensor_average", "timer", Map.of("period", "1000"), "demo/sensor_average.o"),
            new DemoContainer("coap_formatter", "coap", Map.of(), "demo/coap_formatter.o"),
            new DemoContainer("thread_counter", "sched", Map.of(), "demo/thread_counter.o"));

    @Reference(target = "(" + Device.DEVICE_NAME + "=" + DEVICE + ")")
    Device device;

    @Reference
    HookManager hooks;

    @Reference
    SwitchingExecutor executor;

    // The hooks the demo runs on: waiting for their providers here, rather than polling the hook manager, lets the
    // containers be in place before the shell starts (a script piped into bin/platform sees them at once).
    @Reference(target = "(component.name=io.femto4j.hooks.timer)")
    HookProvider timerHook;

    @Reference(target = "(component.name=io.femto4j.hooks.coap)")
    HookProvider coapHook;

    @Reference(target = "(component.name=io.femto4j.hooks.sched)")
    HookProvider schedHook;

    private ScheduledExecutorService scheduler;
    /** What this component installed, so that deactivation removes exactly that. */
    private final List<ContainerId> installed = new ArrayList<>();
    private final AtomicLong workloadTurn = new AtomicLong();
    /** Ids of the demo containers installed and attached: the setup does not retry them. */
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    @Activate
    void activate(Map<String, ?> config) {
        if (!Boolean.parseBoolean(setting(config, "enabled", "true"))) {
            LOG.info("demo containers disabled (" + PID + " enabled=false)");
            return;
        }
        long workloadMs = Long.parseLong(setting(config, "workload.ms", "500"));
        scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "femto4j-demo");
            t.setDaemon(true);
            return t;
        });
        // At once when the hook manager already knows dev0 and its hooks, so that a shell started right after
        // sees the containers; otherwise (it learns of dev0 after this component is activated) off the SCR thread.
        if (!setUp(0)) {
            long deadline = System.currentTimeMillis() + SETUP_DEADLINE_MS;
            scheduler.execute(() -> setUp(deadline));
        }
        if (workloadMs > 0) {
            scheduler.scheduleAtFixedRate(this::workload, workloadMs, workloadMs, TimeUnit.MILLISECONDS);
        }
    }

    private static String setting(Map<String, ?> config, String key, String fallback) {
        Object value = config.get(key);
        return value == null ? fallback : value.toString().trim();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        synchronized (installed) {
            for (ContainerId id : installed) {
                remove(id);
            }
            installed.clear();
        }
    }

    /**
     * Installs and attaches the demo containers not yet started, retrying what is not ready until {@code deadline}
     * (0: no retry). True when nothing is left to retry.
     */
    private boolean setUp(long deadline) {
        for (DemoContainer c : CONTAINERS) {
            while (!started.contains(c.id()) && !Thread.currentThread().isInterrupted()) {
                try {
                    installAndAttach(c);
                    started.add(c.id());
                } catch (NotReady e) {
                    if (deadline == 0) {
                        return false;
                    }
                    if (System.currentTimeMillis() > deadline) {
                        LOG.warning("demo container " + c.id() + " not started: " + e.getMessage());
                        break;
                    }
                    try {
                        Thread.sleep(SETUP_RETRY_MS);
                    } catch (InterruptedException stop) {
                        return true;
                    }
                } catch (InstallException | IOException | RuntimeException e) {
                    LOG.warning("demo container " + c.id() + " not started: " + e.getMessage());
                    break;
                }
            }
        }
        return true;
    }

    private void installAndAttach(DemoContainer c) throws InstallException, IOException {
        HookSpec spec = hooks.spec(c.hook()).orElseThrow(() -> new NotReady("hook " + c.hook() + " has no provider"));
        ContainerId id = ContainerId.of(c.id());
        synchronized (installed) {
            if (device.runtime().info(id).isPresent() && !installed.contains(id)) {
                // someone else's container of that name (e.g. installed by hand): leave it alone
                throw new IllegalStateException("a container " + c.id() + " is already on " + DEVICE);
            }
            if (!installed.contains(id)) {
                device.install(id, image(c.resource()), TENANT, spec, null);
                installed.add(id);
            }
            try {
                hooks.attach(DEVICE, id, ChainPolicy.CONTINUE, HookManager.APPEND, c.attachment());
            } catch (IllegalArgumentException e) {
                // the hook manager does not know dev0 yet (its device reference is bound after ours)
                throw new NotReady(e.getMessage());
            }
        }
    }

    private void remove(ContainerId id) {
        try {
            hooks.detach(DEVICE, id);
        } catch (IllegalArgumentException deviceGone) {
            // the hook manager has already let go of dev0 (the platform is stopping): no chain to leave
        }
        try {
            if (device.runtime().info(id).map(i -> i.state() == ContainerState.ATTACHED).orElse(false)) {
                device.runtime().detach(id);
            }
            if (device.runtime().info(id).isPresent()) {
                device.uninstall(id);
            }
        } catch (RuntimeException e) {
            LOG.warning("demo container " + id + " not removed: " + e.getMessage());
        }
    }

    /** One turn of the workload: a task of the next logical thread, so the worker taking it switches threads. */
    private void workload() {
        long thread = 1 + workloadTurn.getAndIncrement() % WORKLOAD_THREADS;
        try {
            executor.execute(thread, () -> { });
        } catch (RuntimeException e) {
            // the executor is going away with the hooks bundle; this component follows shortly
        }
    }

    private byte[] image(String resource) throws IOException {
        try (InputStream in = DemoContainers.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " missing from the demo bundle");
            }
            return in.readAllBytes();
        }
    }

    /** Something the setup waits for is not there yet. */
    private static final class NotReady extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotReady(String message) {
            super(message);
        }
    }
}
