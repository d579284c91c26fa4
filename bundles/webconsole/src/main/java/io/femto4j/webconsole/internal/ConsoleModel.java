package io.femto4j.webconsole.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.Device;
import io.femto4j.board.TimeEstimate;
import io.femto4j.hooks.Attachment;
import io.femto4j.hooks.HookManager;
import io.femto4j.loader.envelope.EnvelopeDeployer;
import io.femto4j.hooks.HookStatus;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerStats;
import io.femto4j.runtime.FaultCause;
import io.femto4j.runtime.FaultRecord;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.store.StoreEntry;
import io.femto4j.runtime.store.StoreService;
import io.femto4j.runtime.store.StoreView;
import io.femto4j.runtime.store.TenantId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the Femto-Containers tab shows, read from the live services at each request: boards, devices with their
 * budgets and tenants, hooks with their chains, containers with their statistics, and the key-value stores. The
 * same maps feed the JSON endpoint and the server-rendered page.
 */
final class ConsoleModel {
    /** Entries listed per store (the size says how many there are). */
    static final int STORE_ENTRIES_SHOWN = 32;

    private final Supplier<List<Device>> devices;
    private final Supplier<List<BoardProfile>> boards;
    private final Supplier<Optional<HookManager>> hooks;
    private final Supplier<Optional<EnvelopeDeployer>> deployer;

    ConsoleModel(Supplier<List<Device>> devices, Supplier<List<BoardProfile>> boards,
                 Supplier<Optional<HookManager>> hooks, Supplier<Optional<EnvelopeDeployer>> deployer) {
        this.devices = devices;
        this.boards = boards;
        this.hooks = hooks;
        this.deployer = deployer;
    }

    List<Device> devices() {
        List<Device> all = new ArrayList<>(devices.get());
        all.sort(Comparator.comparing(Device::name));
        return all;
    }

    List<BoardProfile> boards() {
        List<BoardProfile> all = new ArrayList<>(boards.get());
        all.sort(Comparator.comparing(BoardProfile::id));
        return all;
    }

    Optional<HookManager> hooks() {
        return hooks.get();
    }

    /** The network loader's deployer, when the loader runs (feature loader). */
    Optional<EnvelopeDeployer> deployer() {
        return deployer.get();
    }

    /** Everything, as JSON-ready maps and lists; {@code time} is the moment in ms since the epoch. */
    Map<String, Object> snapshot(long time) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", time);
        m.put("boards", boards().stream().map(ConsoleModel::board).toList());
        List<Device> all = devices();
        m.put("devices", all.stream().map(ConsoleModel::device).toList());
        m.put("hooks", hooks().map(h -> h.hooks().stream().map(ConsoleModel::hook).toList()).orElse(List.of()));
        List<Object> containers = new ArrayList<>();
        List<Object> stores = new ArrayList<>();
        for (Device d : all) {
            for (ContainerInfo c : d.runtime().containers()) {
                containers.add(container(d, c));
            }
            stores.addAll(stores(d));
        }
        m.put("containers", containers);
        m.put("stores", stores);
        return m;
    }

    static Map<String, Object> board(BoardProfile b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("description", b.description());
        m.put("clockHz", b.clockHz());
        m.put("ramBytes", b.ramBytes());
        m.put("flashBytes", b.flashBytes());
        m.put("containerMemoryBytes", b.containerMemoryBytes());
        m.put("maxContainers", b.maxContainers());
        m.put("stackBytes", b.stackBytes());
        return m;
    }

    static Map<String, Object> device(Device d) {
        BoardProfile b = d.board();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("board", b.id());
        m.put("clockHz", b.clockHz());
        long used = d.memoryUsed();
        m.put("memoryUsed", used);
        m.put("memoryFree", Math.max(0, b.containerMemoryBytes() - used));
        m.put("memoryBudget", b.containerMemoryBytes());
        m.put("containers", d.runtime().containers().size());
        m.put("maxContainers", b.maxContainers());
        List<Object> tenants = new ArrayList<>();
        for (Tenant t : d.tenants()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("id", t.id().toString());
            tm.put("containers", d.runtime().containers().stream().filter(c -> c.tenant().equals(t.id())).count());
            tm.put("maxContainers", t.quotas().containers());
            tm.put("memoryUsed", d.runtime().memoryUsed(t.id()));
            tm.put("memoryQuota", t.quotas().memoryBytes());
            tm.put("storeEntries", t.quotas().storeEntries());
            tm.put("hooks", t.hooks().stream().sorted().toList());
            tenants.add(tm);
        }
        m.put("tenants", tenants);
        return m;
    }

    static Map<String, Object> hook(HookStatus h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", h.device());
        m.put("hook", h.hook());
        m.put("providerGone", h.providerGone());
        m.put("details", h.details());
        m.put("context", h.contextLayout());
        List<Object> chain = new ArrayList<>();
        for (HookStatus.Entry e : h.chain()) {
            Attachment a = e.attachment();
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("order", a.order());
            em.put("container", a.container().name());
            em.put("policy", a.policy().label());
            em.put("parameters", new LinkedHashMap<>(a.parameters()));
            em.put("state", e.state() == null ? "uninstalled" : e.state().name().toLowerCase(Locale.ROOT));
            em.put("note", e.note());
            chain.add(em);
        }
        m.put("chain", chain);
        return m;
    }

    static Map<String, Object> container(Device d, ContainerInfo c) {
        ContainerStats s = c.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", d.name());
        m.put("id", c.id().name());
        m.put("tenant", c.tenant().toString());
        m.put("hook", c.hook().name());
        m.put("state", c.state().name().toLowerCase(Locale.ROOT));
        m.put("engine", c.engine());
        m.put("memoryBytes", c.memoryBytes());
        m.put("runs", s.runs());
        m.put("faults", s.faults());
        Map<String, Object> byCause = new LinkedHashMap<>();
        for (Map.Entry<FaultCause, Long> e : s.faultsByCause().entrySet()) {
            byCause.put(e.getKey().name(), e.getValue());
        }
        m.put("faultsByCause", byCause);
        m.put("lastFault", s.lastFault().map(ConsoleModel::fault).orElse(null));
        m.put("instructions", s.instructions());
        m.put("hostNanos", s.hostNanos());
        m.put("hostMicrosPerRun", s.runs() == 0 ? 0.0 : s.hostNanos() / 1000.0 / s.runs());
        TimeEstimate estimate = d.estimate(c.id(), s.instructions());
        m.put("deviceMicrosPerRun", s.runs() == 0 ? 0.0 : estimate.micros() / s.runs());
        m.put("estimateMethod", estimate.method());
        m.put("version", s.version());
        return m;
    }

    static Map<String, Object> fault(FaultRecord f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cause", f.cause().name());
        m.put("pc", f.pc());
        m.put("message", f.message());
        m.put("run", f.run());
        return m;
    }

    /** The global store, each tenant's store and each container's local store of a device. */
    static List<Object> stores(Device d) {
        StoreService service = d.runtime().config().stores();
        List<Object> out = new ArrayList<>();
        out.add(store(d, "global", "", service.global()));
        for (TenantId t : service.tenants().stream().sorted(Comparator.comparing(TenantId::toString)).toList()) {
            service.tenant(t).ifPresent(v -> out.add(store(d, "tenant", t.toString(), v)));
        }
        for (ContainerInfo c : d.runtime().containers()) {
            service.local(c.id()).ifPresent(v -> out.add(store(d, "local", c.id().name(), v)));
        }
        return out;
    }

    static Map<String, Object> store(Device d, String scope, String owner, StoreView view) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", d.name());
        m.put("scope", scope);
        m.put("owner", owner);
        m.put("size", view.size());
        m.put("capacity", view.capacity());
        List<Object> entries = new ArrayList<>();
        for (StoreEntry e : view.snapshot(STORE_ENTRIES_SHOWN)) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("key", String.format(Locale.ROOT, "0x%08x", e.key()));
            em.put("value", e.unsignedValue());
            em.put("owner", e.owner() == null ? "" : e.owner().name());
            entries.add(em);
        }
        m.put("entries", entries);
        return m;
    }
}
