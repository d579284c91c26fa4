package io.femto4j.loader.device;

import io.femto4j.board.Device;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookProvider;
import io.femto4j.loader.envelope.EnvelopeDeployer;
import io.femto4j.loader.envelope.Manifest;
import io.femto4j.runtime.HookSpec;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The network loader on the platform: one {@link DeviceLoader} and its CoAP {@link LoaderServer} per
 * {@link Device} service, configured by PID {@value LoaderSettings#PID} (trusted keys per tenant, the hooks each
 * may use, address and ports, limits). Each device's envelopes live in this bundle's data area
 * ({@code devices/NAME}), or under the directory the framework property {@value #DIR_PROPERTY} names (the
 * distribution sets it: its launcher starts every run with a clean framework cache); a device (re)appearing is
 * restored from there, re-verified. When a device goes or this
 * component stops, the loader's containers are taken off that device: they come back with it, from the data area.
 * A hook provider arriving lets containers waiting for that hook be restored. As the {@link EnvelopeDeployer}
 * service it hands a local envelope (from the web console) to the device's loader, the pipeline of
 * {@code /suit/install}.
 */
@Component(name = LoaderSettings.PID, configurationPid = LoaderSettings.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = EnvelopeDeployer.class)
@Designate(ocd = LoaderConfig.class)
public final class LoaderComponent implements EnvelopeDeployer {
    private static final Logger LOG = Logger.getLogger(LoaderComponent.class.getName());
    /**
     * After a restore, containers still waiting are retried this often, every {@link #RETRY_MS}: the hook manager
     * hears of a new device in its own time, and no event says when.
     */
    static final int RETRIES = 40;
    static final long RETRY_MS = 250;
    /** Framework property: a directory for the envelopes that outlives the framework cache. */
    static final String DIR_PROPERTY = "femto4j.loader.dir";

    @Reference
    HookManager hooks;

    private final List<Device> devices = new ArrayList<>();
    /** The hook providers bound here, which the hook manager may not have bound yet. */
    private final Map<HookProvider, HookSpec> providers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Device, Served> served = new IdentityHashMap<>();
    private LoaderSettings settings;
    private BundleContext context;
    /** Retries of restores that wait (see {@link #RETRIES}); one thread, ended on deactivation. */
    private ScheduledExecutorService retries;
    private int opened;

    private record Served(DeviceLoader loader, LoaderServer server) {
    }

    @Activate
    synchronized void activate(BundleContext bundleContext, Map<String, Object> config) {
        this.context = bundleContext;
        this.settings = LoaderSettings.parse(config);
        // once per configuration (a changed one reactivates), before any deploy meets the refusal
        for (String tenant : settings.tenantsWithoutHooks()) {
            LOG.warning("loader: " + LoaderSettings.noHooksEntry(tenant, "HOOK") + "; its envelopes are refused");
        }
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "femto4j-loader-retry");
            t.setDaemon(true);
            return t;
        });
        for (Device d : devices) {
            serve(d);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        for (Device d : List.copyOf(served.keySet())) {
            unserve(d);
        }
        retries.shutdownNow();
        context = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addDevice(Device device) {
        devices.add(device);
        if (context != null) {
            serve(device);
        }
    }

    synchronized void removeDevice(Device device) {
        devices.remove(device);
        unserve(device);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void addProvider(HookProvider provider) {
        providers.put(provider, provider.spec());
        for (Served s : served.values()) {
            s.loader().retryPending();
        }
    }

    void removeProvider(HookProvider provider) {
        // its containers are detached by the hook manager and come back with the next provider of that hook
        providers.remove(provider);
    }

    /**
     * A hook's spec: the hook manager's, else the one of a provider bound here first (the manager binds the same
     * provider a moment later and attaches what was attached meanwhile), so a restore does not depend on which
     * of the two components hears of a provider first.
     */
    private Optional<HookSpec> spec(String hook) {
        return hooks.spec(hook).or(() -> providers.values().stream().filter(s -> s.name().equals(hook)).findFirst());
    }

    @Override
    public Deployment deploy(String device, byte[] envelope) {
        DeviceLoader loader;
        synchronized (this) { // only the lookup: the deployment itself is serialised by the device's loader
            loader = served.values().stream().map(Served::loader).filter(l -> l.device().name().equals(device))
                    .findFirst().orElse(null);
        }
        if (loader == null) {
            // not a Refusal of the pipeline: CoAP clients reach a device's own server, never a wrong one
            return new Deployment(false, null, -1, "no-device", "4.04", "no-device: no loader serves a device "
                    + Manifest.printable(String.valueOf(device)));
        }
        return loader.deployment(envelope == null ? new byte[0] : envelope);
    }

    private void serve(Device device) {
        int index = opened++;
        try {
            String root = context.getProperty(DIR_PROPERTY);
            Path dir = root == null || root.isBlank() ? context.getDataFile("devices/" + device.name()).toPath()
                    : Path.of(root, "devices", device.name()).toAbsolutePath();
            DeviceLoader loader = new DeviceLoader(device, hooks, this::spec, settings, dir,
                    new CoapFetcher(settings.fetchTimeoutMs()));
            Map<String, String> failed = loader.restore();
            failed.forEach((name, why) -> LOG.warning("loader " + device.name() + ": " + name + " not restored ("
                    + why + ")"));
            LoaderServer server = new LoaderServer(loader, settings, new InetSocketAddress(settings.address(),
                    settings.portOf(device.name(), index))).start();
            served.put(device, new Served(loader, server));
            if (loader.hasPending()) {
                retry(device, loader, RETRIES);
            }
            LOG.info("loader " + device.name() + ": coap://" + server.address().getAddress().getHostAddress() + ":"
                    + server.address().getPort() + " (/suit/install, /suit/trigger, /bpf, /bpf/exec/NAME), "
                    + loader.installed().size() + " container(s) restored");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "loader for " + device.name() + " not started: " + e.getMessage(), e);
        }
    }

    /** Retries {@code loader}'s waiting restores while it still serves {@code device}, at most {@code left} times. */
    private void retry(Device device, DeviceLoader loader, int left) {
        retries.schedule(() -> {
            synchronized (this) {
                Served s = served.get(device);
                if (s == null || s.loader() != loader) {
                    return; // the device or the loader went meanwhile
                }
                Map<String, String> failed = loader.retryPending();
                if (loader.hasPending() && left > 1) {
                    retry(device, loader, left - 1);
                } else if (loader.hasPending()) {
                    failed.forEach((name, why) -> LOG.warning("loader " + device.name() + ": " + name
                            + " still not restored (" + why + "); it is tried again when a hook provider arrives"));
                }
            }
        }, RETRY_MS, TimeUnit.MILLISECONDS);
    }

    private void unserve(Device device) {
        Served s = served.remove(device);
        if (s != null) {
            s.server().close();
            s.loader().unload();
        }
    }
}
