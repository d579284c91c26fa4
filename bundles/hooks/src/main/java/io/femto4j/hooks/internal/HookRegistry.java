package io.femto4j.hooks.internal;

import io.femto4j.board.Device;
import io.femto4j.hooks.Attachment;
import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.ChainResult;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.HookProvider;
import io.femto4j.hooks.HookStatus;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerRuntime;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.RunResult;
import io.femto4j.runtime.store.ContainerId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The hook manager's state, plain Java so tests drive it without a framework: devices, providers (the first
 * registered per hook name serves it, later ones wait), and one chain per device and hook.
 *
 * <p>Changes (devices, providers, attach, detach) are serialised on this object, and the provider callbacks
 * are made under it so a provider sees open, attached, detached and close in order. Firing takes no lock: a
 * chain is an immutable list swapped on change, read once per firing.
 */
public final class HookRegistry implements HookManager {
    private static final Logger LOG = Logger.getLogger(HookRegistry.class.getName());
    private static final Comparator<Attachment> RUN_ORDER = Comparator.comparingInt(Attachment::order);

    private final Map<String, Device> devices = new TreeMap<>();
    /** Per hook name, the providers in arrival order; the first one serves. */
    private final Map<String, List<HookProvider>> providers = new TreeMap<>();
    /** Per hook name, the last context layout seen (to show a chain whose provider is gone). */
    private final Map<String, String> layouts = new TreeMap<>();
    private final Map<Key, Chain> chains = new TreeMap<>();

    private record Key(String device, String hook) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = device.compareTo(o.device);
            return c != 0 ? c : hook.compareTo(o.hook);
        }
    }

    /** The chain of one hook on one device, and its open point while a provider serves the hook. */
    private static final class Chain {
        volatile List<Attachment> attachments = List.of();
        volatile Point point;
        /** Attachments the runtime refused to attach (e.g. installed for another spec), with the reason. */
        final Map<ContainerId, String> notes = new LinkedHashMap<>();
    }

    /** A hook on a device, as its provider sees it; dead once closed. */
    private final class Point implements HookPoint {
        final Device device;
        final HookSpec spec;
        final HookProvider provider;
        final Chain chain;
        volatile boolean open = true;

        Point(Device device, HookProvider provider, Chain chain) {
            this.device = device;
            this.spec = provider.spec();
            this.provider = provider;
            this.chain = chain;
        }

        @Override
        public Device device() {
            return device;
        }

        @Override
        public HookSpec spec() {
            return spec;
        }

        @Override
        public List<Attachment> attachments() {
            return chain.attachments;
        }

        @Override
        public ChainResult fire(Invocation invocation) {
            if (!open) {
                return ChainResult.NOTHING_RUN;
            }
            List<Attachment> snapshot = chain.attachments;
            List<RunResult> runs = new ArrayList<>(snapshot.size());
            for (int i = 0; i < snapshot.size(); i++) {
                Attachment a = snapshot.get(i);
                Optional<RunResult> run = runOne(device.runtime(), a, invocation);
                if (run.isEmpty()) {
                    continue;
                }
                runs.add(run.get());
                if (a.policy().stopsAfter(run.get())) {
                    return new ChainResult(runs, i < snapshot.size() - 1);
                }
            }
            return new ChainResult(runs, false);
        }

        @Override
        public Optional<RunResult> fire(ContainerId container, Invocation invocation) {
            if (!open) {
                return Optional.empty();
            }
            for (Attachment a : chain.attachments) {
                if (a.container().equals(container)) {
                    return runOne(device.runtime(), a, invocation);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * One run, or empty when the container is not attached in the runtime at this moment (detached or
     * uninstalled between the snapshot and the run, or waiting for a re-attach).
     */
    private static Optional<RunResult> runOne(ContainerRuntime runtime, Attachment a, Invocation invocation) {
        long budget = a.longParameter(Attachment.BUDGET, 0);
        try {
            return Optional.of(runtime.run(a.container(), budget > 0 ? invocation.withBudget(budget) : invocation));
        } catch (IllegalStateException | IllegalArgumentException notRunnable) {
            return Optional.empty();
        }
    }

    // ---- devices and providers (whiteboard) ---------------------------------------------------------------

    public synchronized void addDevice(Device device) {
        String name = device.name();
        if (devices.putIfAbsent(name, device) != null) {
            LOG.warning("a second device named " + name + " is ignored");
            return;
        }
        for (List<HookProvider> candidates : providers.values()) {
            open(device, candidates.get(0));
        }
    }

    /** The device is gone, and its runtime with it: close its points and forget its chains. */
    public synchronized void removeDevice(Device device) {
        if (devices.get(device.name()) != device) {
            return;
        }
        devices.remove(device.name());
        for (var it = chains.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().device.equals(device.name())) {
                close(e.getValue());
                it.remove();
            }
        }
    }

    public synchronized void addProvider(HookProvider provider) {
        String hook = provider.spec().name();
        List<HookProvider> candidates = providers.computeIfAbsent(hook, h -> new ArrayList<>());
        candidates.add(provider);
        layouts.put(hook, provider.contextLayout());
        if (candidates.size() > 1) {
            LOG.warning("hook " + hook + " is served already; a second provider waits until the first leaves");
            return;
        }
        for (Device d : devices.values()) {
            open(d, provider);
        }
    }

    /**
     * The provider is gone: its containers are detached in the runtimes (and stay installed and in their
     * chains), or handed to the next provider of the same hook.
     */
    public synchronized void removeProvider(HookProvider provider) {
        String hook = provider.spec().name();
        List<HookProvider> candidates = providers.get(hook);
        if (candidates == null) {
            return;
        }
        boolean serving = !candidates.isEmpty() && candidates.get(0) == provider;
        candidates.removeIf(p -> p == provider);
        if (!serving) {
            return;
        }
        for (Map.Entry<Key, Chain> e : chains.entrySet()) {
            if (e.getKey().hook.equals(hook)) {
                Chain chain = e.getValue();
                close(chain);
                Device device = devices.get(e.getKey().device);
                for (Attachment a : chain.attachments) {
                    detachInRuntime(device.runtime(), a.container());
                }
            }
        }
        if (candidates.isEmpty()) {
            providers.remove(hook);
        } else {
            for (Device d : devices.values()) {
                open(d, candidates.get(0));
            }
        }
    }

    /** Closes everything (the manager is going): every container the manager attached is detached. */
    public synchronized void shutdown() {
        for (Map.Entry<Key, Chain> e : chains.entrySet()) {
            close(e.getValue());
            Device device = devices.get(e.getKey().device);
            for (Attachment a : e.getValue().attachments) {
                detachInRuntime(device.runtime(), a.container());
            }
        }
        chains.clear();
        devices.clear();
        providers.clear();
    }

    private void open(Device device, HookProvider provider) {
        Chain chain = chains.computeIfAbsent(new Key(device.name(), provider.spec().name()), k -> new Chain());
        Point point = new Point(device, provider, chain);
        chain.notes.clear();
        for (Attachment a : chain.attachments) {
            attachInRuntime(device.runtime(), point.spec, a, chain);
        }
        chain.point = point;
        callProvider(provider, "open", () -> provider.open(point));
        for (Attachment a : chain.attachments) {
            if (!chain.notes.containsKey(a.container())) {
                callProvider(provider, "attached", () -> provider.attached(point, a));
            }
        }
    }

    private void close(Chain chain) {
        Point point = chain.point;
        if (point == null) {
            return;
        }
        point.open = false;
        chain.point = null;
        callProvider(point.provider, "close", () -> point.provider.close(point));
    }

    /** A provider's failure is its own: log it and keep the manager consistent. */
    private static void callProvider(HookProvider provider, String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "hook provider " + provider.spec().name() + " failed in " + what, e);
        }
    }

    /** Attaches in the runtime unless the container was installed for another spec; notes why not. */
    private static void attachInRuntime(ContainerRuntime runtime, HookSpec spec, Attachment a, Chain chain) {
        Optional<ContainerInfo> info = runtime.info(a.container());
        if (info.isEmpty()) {
            chain.notes.put(a.container(), "uninstalled");
            return;
        }
        if (!info.get().hook().equals(spec)) {
            chain.notes.put(a.container(), "installed for another version of hook " + spec.name()
                    + ": reinstall it");
            return;
        }
        if (info.get().state() != ContainerState.ATTACHED) {
            try {
                runtime.attach(a.container());
            } catch (IllegalArgumentException | IllegalStateException gone) {
                // uninstalled between the look and the attach: note it rather than fail the provider's arrival
                chain.notes.put(a.container(), "not attached: " + gone.getMessage());
            }
        }
    }

    private static void detachInRuntime(ContainerRuntime runtime, ContainerId id) {
        Optional<ContainerInfo> info = runtime.info(id);
        if (info.isPresent() && info.get().state() == ContainerState.ATTACHED) {
            runtime.detach(id);
        }
    }

    // ---- HookManager -------------------------------------------------------------------------------------

    @Override
    public synchronized Optional<HookSpec> spec(String hook) {
        List<HookProvider> candidates = providers.get(hook);
        return candidates == null || candidates.isEmpty() ? Optional.empty()
                : Optional.of(candidates.get(0).spec());
    }

    @Override
    public synchronized List<String> hookNames() {
        return List.copyOf(providers.keySet());
    }

    @Override
    public synchronized Attachment attach(String deviceName, ContainerId container, ChainPolicy policy, int order,
                                          Map<String, String> parameters) {
        Device device = requireDevice(deviceName);
        Objects.requireNonNull(policy, "policy");
        if (order < 0 && order != APPEND) {
            throw new IllegalArgumentException("order must be 0 or more: " + order);
        }
        ContainerInfo info = device.runtime().info(container).orElseThrow(() -> new IllegalArgumentException(
                "no container " + container + " on " + deviceName));
        String hook = info.hook().name();
        Key key = new Key(deviceName, hook);
        Chain chain = chains.computeIfAbsent(key, k -> new Chain());
        for (Attachment a : chain.attachments) {
            if (a.container().equals(container)) {
                throw new IllegalStateException(container + " is attached to " + hook + " on " + deviceName
                        + " already");
            }
        }
        int place = order != APPEND ? order
                : chain.attachments.stream().mapToInt(Attachment::order).max().orElse(-1) + 1;
        Attachment attachment = new Attachment(deviceName, hook, container, place, policy, parameters);
        attachment.longParameter(Attachment.BUDGET, 0); // a bad number fails here, not at every firing
        Point point = chain.point;
        if (point != null && !info.hook().equals(point.spec)) {
            throw new IllegalStateException(container + " was installed for another version of hook " + hook
                    + " (" + info.hook() + "; now " + point.spec + "): reinstall it");
        }
        List<Attachment> before = chain.attachments;
        List<Attachment> next = new ArrayList<>(before);
        next.add(attachment);
        next.sort(RUN_ORDER); // stable: equal orders keep attach order
        chain.attachments = List.copyOf(next);
        if (point != null) {
            boolean attachedHere = info.state() != ContainerState.ATTACHED;
            if (attachedHere) {
                device.runtime().attach(container);
            }
            try {
                point.provider.attached(point, attachment);
            } catch (RuntimeException refused) {
                // the provider refuses this attachment (e.g. a bad parameter): undo it and tell the caller
                chain.attachments = before;
                if (attachedHere) {
                    detachInRuntime(device.runtime(), container);
                }
                throw refused;
            }
        }
        return attachment;
    }

    @Override
    public synchronized boolean detach(String deviceName, ContainerId container) {
        Device device = requireDevice(deviceName);
        for (Map.Entry<Key, Chain> e : chains.entrySet()) {
            if (!e.getKey().device.equals(deviceName)) {
                continue;
            }
            Chain chain = e.getValue();
            for (Attachment a : chain.attachments) {
                if (a.container().equals(container)) {
                    List<Attachment> next = new ArrayList<>(chain.attachments);
                    next.remove(a);
                    chain.attachments = List.copyOf(next);
                    chain.notes.remove(container);
                    detachInRuntime(device.runtime(), container);
                    Point point = chain.point;
                    if (point != null) {
                        callProvider(point.provider, "detached", () -> point.provider.detached(point, a));
                    }
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public ChainResult trigger(String device, String hook, List<String> arguments) {
        Point point = requirePoint(device, hook);
        return point.fire(point.provider.manualEvent(point, arguments));
    }

    @Override
    public ChainResult trigger(String device, String hook, Invocation invocation) {
        return requirePoint(device, hook).fire(invocation);
    }

    /** The open point of a hook on a device (for tests and the providers' own use), if any. */
    public synchronized Optional<HookPoint> point(String device, String hook) {
        Chain chain = chains.get(new Key(device, hook));
        return chain == null ? Optional.empty() : Optional.ofNullable(chain.point);
    }

    @Override
    public synchronized List<HookStatus> hooks() {
        // every served hook on every device, even with an empty chain
        for (Device d : devices.values()) {
            for (String hook : providers.keySet()) {
                chains.computeIfAbsent(new Key(d.name(), hook), k -> new Chain());
            }
        }
        List<HookStatus> all = new ArrayList<>();
        for (Map.Entry<Key, Chain> e : chains.entrySet()) {
            Chain chain = e.getValue();
            Point point = chain.point;
            if (point == null && chain.attachments.isEmpty()) {
                continue;
            }
            ContainerRuntime runtime = devices.get(e.getKey().device).runtime();
            List<HookStatus.Entry> entries = new ArrayList<>();
            for (Attachment a : chain.attachments) {
                ContainerState state = runtime.info(a.container()).map(ContainerInfo::state).orElse(null);
                String note = chain.notes.getOrDefault(a.container(), point == null ? "provider gone" : "");
                entries.add(new HookStatus.Entry(a, state, note));
            }
            String details = "";
            if (point != null) {
                try {
                    details = point.provider.describe(point);
                } catch (RuntimeException ex) {
                    details = "(describe failed: " + ex + ")";
                }
            }
            all.add(new HookStatus(e.getKey().device, e.getKey().hook, point == null,
                    layouts.getOrDefault(e.getKey().hook, ""), details, entries));
        }
        return all;
    }

    private Device requireDevice(String name) {
        Device d = devices.get(Objects.requireNonNull(name, "device"));
        if (d == null) {
            throw new IllegalArgumentException("no device " + name + "; devices: " + devices.keySet());
        }
        return d;
    }

    private synchronized Point requirePoint(String device, String hook) {
        requireDevice(device);
        Chain chain = chains.get(new Key(device, hook));
        Point point = chain == null ? null : chain.point;
        if (point == null) {
            throw new IllegalArgumentException("hook " + hook + " is not served on " + device + "; hooks: "
                    + providers.keySet());
        }
        return point;
    }
}
