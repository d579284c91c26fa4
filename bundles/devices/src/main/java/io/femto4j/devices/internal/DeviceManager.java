package io.femto4j.devices.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardProvider;
import io.femto4j.board.Device;
import io.femto4j.runtime.Tenant;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationException;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Runs the platform's simulated devices. Each device is a factory configuration of {@value #FACTORY_PID}
 * (properties {@code name}, {@code board}, {@code tenants}, {@code compile}: {@link DeviceConfiguration}); with
 * none, one {@code nrf52840} device named
 * {@code dev0}. A device exists as a {@link Device} service (properties {@link Device#DEVICE_NAME} and
 * {@link BoardProvider#BOARD_ID}) while its board's {@link BoardProvider} is present. When the board goes away
 * the service goes, but the device, with its containers, stores and tenants, stays in memory and comes back
 * when a board of the same id and the same profile returns (a changed profile gets a fresh device).
 *
 * <p>Configurations arrive through the {@link ManagedServiceFactory} this component is, board services through
 * a dynamic reference; both only update the wanted state and call {@link #reconcile}, under one lock.
 */
@Component(immediate = true, service = ManagedServiceFactory.class,
        property = "service.pid=" + DeviceManager.FACTORY_PID)
public final class DeviceManager implements ManagedServiceFactory {
    static final String FACTORY_PID = "io.femto4j.device";
    private static final System.Logger LOG = System.getLogger(DeviceManager.class.getName());

    /** Present boards, by provider (an unbind hands back the provider, whose profile may not be asked again). */
    private final Map<BoardProvider, BoardProfile> boards = new IdentityHashMap<>();
    /** Configured devices, by configuration PID. */
    private final Map<String, DeviceSettings> configured = new LinkedHashMap<>();
    /** Every device created so far and still wanted, by name, registered or not. */
    private final Map<String, SimulatedDevice> devices = new HashMap<>();
    private final Map<String, ServiceRegistration<Device>> registrations = new HashMap<>();
    private BundleContext context;

    @Activate
    synchronized void activate(BundleContext bundleContext) {
        this.context = bundleContext;
        reconcile();
    }

    @Deactivate
    synchronized void deactivate() {
        for (ServiceRegistration<Device> r : registrations.values()) {
            unregister(r);
        }
        registrations.clear();
        devices.clear();
        context = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addBoard(BoardProvider provider) {
        boards.put(provider, provider.profile());
        reconcile();
    }

    synchronized void removeBoard(BoardProvider provider) {
        boards.remove(provider);
        reconcile();
    }

    @Override
    public String getName() {
        return "femto4j simulated devices";
    }

    @Override
    public synchronized void updated(String pid, Dictionary<String, ?> properties) throws ConfigurationException {
        DeviceSettings settings;
        try {
            settings = DeviceSettings.parse(pid, properties);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("compile", e.getMessage());
        }
        for (Map.Entry<String, DeviceSettings> e : configured.entrySet()) {
            if (!e.getKey().equals(pid) && e.getValue().name().equals(settings.name())) {
                throw new ConfigurationException("name", "device name " + settings.name()
                        + " is taken by configuration " + e.getKey());
            }
        }
        configured.put(pid, settings);
        reconcile();
    }

    @Override
    public synchronized void deleted(String pid) {
        configured.remove(pid);
        reconcile();
    }

    /** Brings devices and their services in line with the configurations and the boards present. */
    private void reconcile() {
        if (context == null) {
            return; // before activation: activate() reconciles
        }
        Map<String, DeviceSettings> wanted = new LinkedHashMap<>();
        List<DeviceSettings> settings = configured.isEmpty() ? List.of(DeviceSettings.fallback())
                : new ArrayList<>(configured.values());
        for (DeviceSettings s : settings) {
            wanted.put(s.name(), s);
        }
        for (String name : new ArrayList<>(devices.keySet())) {
            SimulatedDevice d = devices.get(name);
            DeviceSettings s = wanted.get(name);
            if (s == null || !s.board().equals(d.board().id())) {
                drop(name, d, s == null ? "no longer configured" : "now configured for board " + s.board());
            }
        }
        for (DeviceSettings s : wanted.values()) {
            BoardProfile profile = profileOf(s.board());
            SimulatedDevice d = devices.get(s.name());
            if (profile == null) {
                ServiceRegistration<Device> r = registrations.remove(s.name());
                if (r != null) {
                    unregister(r);
                    LOG.log(Level.INFO, "device {0}: board {1} went away; {2} container(s) kept until it returns",
                            s.name(), s.board(), d == null ? 0 : d.runtime().containers().size());
                }
                continue;
            }
            if (d != null && !d.board().equals(profile)) {
                drop(s.name(), d, "board " + s.board() + " came back with another profile");
                d = null;
            }
            if (d == null) {
                d = new SimulatedDevice(s.name(), profile, s.compile());
                devices.put(s.name(), d);
            } else {
                d.compile(s.compile()); // later installs follow; installed containers keep their engine
            }
            for (String tenant : s.tenants()) {
                if (d.runtime().tenant(io.femto4j.runtime.store.TenantId.of(tenant)).isEmpty()) {
                    try {
                        d.putTenant(Tenant.trusted(tenant));
                    } catch (IllegalStateException e) {
                        LOG.log(Level.WARNING, "device {0}: {1}", s.name(), e.getMessage());
                    }
                }
            }
            if (!registrations.containsKey(s.name())) {
                Dictionary<String, Object> props = new Hashtable<>();
                props.put(Device.DEVICE_NAME, s.name());
                props.put(BoardProvider.BOARD_ID, profile.id());
                registrations.put(s.name(), context.registerService(Device.class, d, props));
            }
        }
    }

    private void drop(String name, SimulatedDevice d, String why) {
        ServiceRegistration<Device> r = registrations.remove(name);
        if (r != null) {
            unregister(r);
        }
        devices.remove(name);
        int lost = d.runtime().containers().size();
        if (lost > 0) {
            LOG.log(Level.WARNING, "device {0} removed ({1}): its {2} container(s) are gone", name, why, lost);
        }
    }

    private BoardProfile profileOf(String boardId) {
        for (BoardProfile p : boards.values()) {
            if (p.id().equals(boardId)) {
                return p;
            }
        }
        return null;
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
    }
}
