package io.femto4j.runtime;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import io.femto4j.runtime.helpers.RunFrame;
import io.femto4j.runtime.helpers.StandardHelpers;
import io.femto4j.runtime.image.Image;
import io.femto4j.runtime.image.ImageFormatException;
import io.femto4j.runtime.image.Images;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.ContainerStores;
import io.femto4j.runtime.store.TenantId;
import io.femto4j.runtime.store.TenantQuota;
import io.femto4j.verifier.Diagnostic;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Engine;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

/**
 * The femto-containers of one device: installs them for a tenant and a hook (loading, verifying and checking
 * quotas, all or nothing), attaches, detaches, replaces and uninstalls them, and runs them with their helpers,
 * stores and statistics. Plain Java, no OSGi: a hook manager calls {@link #run} when its hook fires.
 *
 * <h2>Lifecycle</h2>
 * {@code install} → {@link ContainerState#INSTALLED} → {@code attach} → {@link ContainerState#ATTACHED} →
 * {@code detach} → {@link ContainerState#DETACHED} → {@code uninstall} (also from INSTALLED). Only attached
 * containers run. A fault ends that run only: it is counted with its cause and instruction and the container
 * stays attached. {@code replace} loads and verifies a new image under the same tenant and hook while the old
 * one keeps running, then swaps atomically; runs already going on finish on the old image. Lifecycle methods
 * are serialised; {@link #run} takes no lock and may be called from many threads at once.
 *
 * <h2>Memory of a run</h2>
 * A fresh zeroed stack (the policy's frame size times call depth) every run; the context at
 * {@link #CONTEXT_ADDRESS} (r1; r2 is its length), read-only or writable as the {@link HookSpec} says; the
 * invocation's buffers at {@link #bufferAddress}; the CoAP response buffer at {@link #COAP_BUFFER_ADDRESS};
 * {@code .rodata} read-only at {@link #RODATA_ADDRESS}; {@code .data} writable at {@link #DATA_ADDRESS}.
 * {@code .data} is one copy per installed image that persists across runs, as upstream keeps it (a C global
 * keeps its value between events); concurrent runs of one container share it like threads share a C global, so
 * state that must survive races belongs in the stores. Replacing the image starts from the new image's
 * {@code .data}.
 */
public final class ContainerRuntime {
    /** Guest address of the hook context (r1). */
    public static final long CONTEXT_ADDRESS = 0x1000_0000L;
    /** Guest address of {@code .data}. */
    public static final long DATA_ADDRESS = 0x2000_0000L;
    /** Guest address of {@code .rodata}. */
    public static final long RODATA_ADDRESS = 0x3000_0000L;
    /** Guest address of the first invocation buffer; the others follow every {@link #BUFFER_STRIDE} bytes. */
    public static final long BUFFER_ADDRESS = 0x4000_0000L;
    public static final long BUFFER_STRIDE = 0x0100_0000L;
    /** Guest address of a CoAP run's response buffer. */
    public static final long COAP_BUFFER_ADDRESS = 0x5000_0000L;
    /** The opaque {@code pkt} value of the CoAP context: no region is mapped there. */
    public static final long COAP_PACKET_HANDLE = 0x7c0a_0000_0000L;
    /** Characters of printed output kept per run. */
    public static final int PRINTF_OUTPUT_LIMIT = 1024;
    /** Names of the first invocation buffers' regions, made once rather than per run. */
    private static final String[] BUFFER_NAMES = {"buffer0", "buffer1", "buffer2", "buffer3"};
    /** Distinct helper sets whose verifier policy is shared by their containers (tenants × hooks in practice). */
    private static final int MAX_SHARED_POLICIES = 64;

    private final RuntimeConfig config;
    private final HelperTable helpers;
    private final Map<TenantId, Tenant> tenants = new ConcurrentHashMap<>();
    private final Map<ContainerId, Container> containers = new ConcurrentHashMap<>();
    /** Verifier policies by allowed helper set (installs are serialised; runs do not read it). */
    private final Map<Set<Integer>, Policy> policies = new ConcurrentHashMap<>();
    /** Per tenant with containers installed: their count and quota bytes (changed under the lifecycle lock). */
    private final Map<TenantId, Usage> usage = new ConcurrentHashMap<>();

    public ContainerRuntime(RuntimeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.helpers = StandardHelpers.table(COAP_BUFFER_ADDRESS);
    }

    public RuntimeConfig config() {
        return config;
    }

    /** The helpers this runtime offers (every number of {@link HelperNumbers}). */
    public HelperTable helpers() {
        return helpers;
    }

    /** Guest address of invocation buffer {@code index}. */
    public static long bufferAddress(int index) {
        return BUFFER_ADDRESS + index * BUFFER_STRIDE;
    }

    // ---- tenants ------------------------------------------------------------------------------------------

    /**
     * Registers a tenant, or updates one: new permissions and quotas apply to later installs and replaces (and
     * its store quota at once); installed containers keep the policy they were verified with.
     */
    public synchronized void putTenant(Tenant tenant) {
        tenants.put(tenant.id(), tenant);
        int entries = tenant.quotas().storeEntries();
        config.stores().configureTenant(tenant.id(), new TenantQuota(entries, entries));
    }

    public Optional<Tenant> tenant(TenantId id) {
        return Optional.ofNullable(tenants.get(id));
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    /** Loads (raw, ELF or rbf, by content), verifies and installs; see {@link #install(ContainerId, Image, TenantId, HookSpec, String)}. */
    public ContainerInfo install(ContainerId id, byte[] imageBytes, TenantId tenant, HookSpec hook, String entry)
            throws InstallException {
        return install(id, load(imageBytes), tenant, hook, entry);
    }

    /**
     * Verifies {@code image} against the policy of {@code tenant} on {@code hook} and installs it as {@code id},
     * in state {@link ContainerState#INSTALLED}, with fresh local store, run by the configured
     * {@link RuntimeConfig#engines()}. Nothing is registered on failure.
     *
     * @param entry the function to run, or null for the one at text slot 0 (as upstream)
     * @throws InstallException naming what failed: the request (id taken, unknown tenant, hook not allowed,
     *                          unknown entry), the verifier (with its diagnostics) or a quota
     */
    public ContainerInfo install(ContainerId id, Image image, TenantId tenant, HookSpec hook, String entry)
            throws InstallException {
        return install(id, image, tenant, hook, entry, config.engines());
    }

    /**
     * As {@link #install(ContainerId, Image, TenantId, HookSpec, String)}, run by {@code engines} instead of the
     * configured factory: a host's per-container engine choice. Later replaces of the container use it too.
     */
    public synchronized ContainerInfo install(ContainerId id, Image image, TenantId tenant, HookSpec hook,
                                              String entry, EngineFactory engines) throws InstallException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(engines, "engines");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(hook, "hook");
        if (containers.containsKey(id)) {
            throw new InstallException(InstallException.Stage.REQUEST, "container " + id + " is installed already;"
                    + " replace it or uninstall it first");
        }
        Tenant t = tenants.get(Objects.requireNonNull(tenant, "tenant"));
        if (t == null) {
            throw new InstallException(InstallException.Stage.REQUEST, "unknown tenant " + tenant);
        }
        if (!t.allowsHook(hook.name())) {
            throw new InstallException(InstallException.Stage.REQUEST, "tenant " + tenant + " may not use hook "
                    + hook.name() + "; it may use " + new java.util.TreeSet<>(t.hooks()));
        }
        Version v = prepare(id, image, t, hook, entry, 1, engines);
        Usage usage = usageOf(t.id());
        checkQuotas(t, v, usage.memoryBytes(), usage.containers() + 1);
        ContainerStores stores = config.stores().attach(id, t.id());
        Container c = new Container(id, t.id(), hook, stores, engines, v);
        containers.put(id, c);
        usage(t.id(), 1, v.memoryBytes);
        return info(c);
    }

    /**
     * Replaces the image of a container (in any state but uninstalled), verifying it under the current
     * permissions of its tenant and its hook. The old image keeps running until the new one has passed; on any
     * failure nothing changes. Statistics and stores are kept; {@code .data} starts from the new image.
     */
    public synchronized ContainerInfo replace(ContainerId id, byte[] imageBytes, String entry) throws InstallException {
        return replace(id, load(imageBytes), entry);
    }

    public synchronized ContainerInfo replace(ContainerId id, Image image, String entry) throws InstallException {
        Container c = require(id);
        Tenant t = tenants.get(c.tenant);
        if (t == null) {
            throw new InstallException(InstallException.Stage.REQUEST, "tenant " + c.tenant + " is gone");
        }
        Version next = prepare(id, image, t, c.hook, entry, c.version.number + 1, c.engines);
        Usage usage = usageOf(t.id());
        checkQuotas(t, next, usage.memoryBytes() - c.version.memoryBytes, usage.containers());
        usage(t.id(), 0, next.memoryBytes - c.version.memoryBytes);
        c.note = null; // it was about the old image
        c.version = next; // volatile: runs starting from now use the new image
        return info(c);
    }

    /** INSTALLED or DETACHED to ATTACHED: its hook may run it. */
    public synchronized void attach(ContainerId id) {
        move(require(id), ContainerState.ATTACHED);
    }

    /** ATTACHED to DETACHED: no new runs (runs going on finish). */
    public synchronized void detach(ContainerId id) {
        move(require(id), ContainerState.DETACHED);
    }

    /**
     * INSTALLED or DETACHED to UNINSTALLED: forgets the container, drops its local store and gives its quota
     * back (a run still going on gets {@code FEMTO_STORE_ERR_DETACHED} from the stores).
     */
    public synchronized void uninstall(ContainerId id) {
        Container c = require(id);
        move(c, ContainerState.UNINSTALLED);
        containers.remove(id);
        usage(c.tenant, -1, -c.version.memoryBytes);
        config.stores().detach(id);
    }

    // ---- running ------------------------------------------------------------------------------------------

    /**
     * Runs an attached container once. Guest faults are results, never exceptions.
     *
     * @throws IllegalArgumentException if there is no such container, or the context is longer than the hook's
     * @throws IllegalStateException    if the container is not attached
     */
    public RunResult run(ContainerId id, Invocation invocation) {
        Container c = containers.get(id);
        if (c == null) {
            throw new IllegalArgumentException("no container " + id);
        }
        ContainerState state = c.state;
        if (state != ContainerState.ATTACHED) {
            throw new IllegalStateException("container " + id + " is " + state.name().toLowerCase() + ", not attached");
        }
        byte[] context = invocation.context();
        if (context.length > c.hook.contextSize()) {
            throw new IllegalArgumentException("context of " + context.length + " bytes for hook " + c.hook.name()
                    + ", which declares " + c.hook.contextSize());
        }
        List<byte[]> buffers = invocation.buffers();
        // sized exactly, filled in place: this is every run's set-up
        Region[] regions = new Region[(context.length > 0 ? 1 : 0) + buffers.size()
                + (invocation.coap() != null ? 1 : 0)];
        int r = 0;
        if (context.length > 0) {
            regions[r++] = new Region("context", CONTEXT_ADDRESS, context, !c.hook.readOnlyContext());
        }
        for (int i = 0; i < buffers.size(); i++) {
            byte[] buffer = buffers.get(i);
            if (buffer.length > BUFFER_STRIDE) {
                throw new IllegalArgumentException("buffer " + i + " is larger than " + BUFFER_STRIDE + " bytes");
            }
            regions[r++] = Region.writable(BUFFER_NAMES.length > i ? BUFFER_NAMES[i] : "buffer" + i, bufferAddress(i),
                    buffer);
        }
        if (invocation.coap() != null) {
            regions[r] = Region.writable("coap buffer", COAP_BUFFER_ADDRESS, invocation.coap().buffer());
        }
        Memory memory = regions.length == 0 ? Memory.empty() : Memory.of(regions);
        long budget = invocation.budget() > 0 ? invocation.budget() : config.defaultBudget();
        Version v = c.version;
        long runNumber = c.started();
        RunFrame frame = new RunFrame(c.stores, config.board(), invocation.coap(), CONTEXT_ADDRESS,
                PRINTF_OUTPUT_LIMIT);
        RunFrame outer = RunFrame.enter(frame);
        long start = System.nanoTime();
        Outcome outcome;
        try {
            outcome = v.engine.run(memory, context.length == 0 ? 0 : CONTEXT_ADDRESS, context.length, budget);
        } finally {
            RunFrame.leave(outer);
        }
        long nanos = System.nanoTime() - start;
        c.record(outcome, nanos, runNumber);
        String output = frame.output();
        if (!output.isEmpty()) {
            config.output().print(id, output);
        }
        return new RunResult(id, outcome, nanos, output, frame.outputTruncated());
    }

    // ---- notes of hosts -----------------------------------------------------------------------------------

    /**
     * Keeps {@code note} with image {@code version} of container {@code id} for the host that installed it (a device
     * keeps a number it derived from the image), if that is still its image; replacing the image or uninstalling
     * the container forgets it. This spares a host a map of its own per container.
     *
     * @return false if the container has another image now (the note was not kept)
     * @throws IllegalArgumentException if there is no such container
     */
    public synchronized boolean note(ContainerId id, int version, Object note) {
        Container c = require(id);
        if (c.version.number != version) {
            return false;
        }
        c.note = note;
        return true;
    }

    /** The note kept with the current image of container {@code id}, if there is such a container and note. */
    public Optional<Object> note(ContainerId id) {
        Container c = containers.get(Objects.requireNonNull(id, "id"));
        return c == null ? Optional.empty() : Optional.ofNullable(c.note);
    }

    // ---- inspection ---------------------------------------------------------------------------------------

    public Optional<ContainerInfo> info(ContainerId id) {
        Container c = containers.get(id);
        return c == null ? Optional.empty() : Optional.of(info(c));
    }

    /** Every installed container, by id. */
    public List<ContainerInfo> containers() {
        List<ContainerInfo> all = new ArrayList<>();
        for (Container c : containers.values()) {
            all.add(info(c));
        }
        all.sort(Comparator.comparing(i -> i.id().name()));
        return Collections.unmodifiableList(all);
    }

    public ContainerStats stats(ContainerId id) {
        Container c = require(id);
        return c.snapshot(c.version.number);
    }

    /** Bytes of {@code tenant}'s memory quota in use. */
    public long memoryUsed(TenantId tenant) {
        return usageOf(tenant).memoryBytes();
    }

    // ---- internals ----------------------------------------------------------------------------------------

    private static Image load(byte[] bytes) throws InstallException {
        try {
            return Images.load(Objects.requireNonNull(bytes, "image"));
        } catch (ImageFormatException e) {
            throw new InstallException(InstallException.Stage.LOAD, "image rejected: " + e.getMessage());
        }
    }

    /** Entry, policy, verification, VM: everything but registration. */
    private Version prepare(ContainerId id, Image image, Tenant tenant, HookSpec hook, String entry, int number,
                            EngineFactory engines) throws InstallException {
        Image.Function function = entryOf(image, entry);
        Set<Integer> allowed = tenant.helpers().stream()
                .filter(hook.helpers()::contains)
                .filter(helpers::contains)
                .collect(Collectors.toUnmodifiableSet());
        Policy policy = policyFor(allowed);
        Program program = withEntry(image.text(), function.slot());
        Verification verdict = Verifier.verify(program, policy);
        if (!(verdict instanceof Verification.Accepted accepted)) {
            List<Diagnostic> errors = verdict.errors();
            throw new InstallException(InstallException.Stage.VERIFY, "container " + id
                    + ": program rejected by the verifier (" + errors.size() + " error"
                    + (errors.size() == 1 ? "" : "s") + "; helpers allowed for tenant " + tenant.id() + " on hook "
                    + hook.name() + ": " + hex(allowed) + ")", verdict.diagnostics());
        }
        Region data = image.dataSize() == 0 ? null : Region.writable("data", DATA_ADDRESS, image.data());
        Region rodata = image.rodataSize() == 0 ? null : Region.readOnly("rodata", RODATA_ADDRESS, image.rodata());
        Engine engine = engines.load(accepted.program(), helpers, new Sections(data, rodata));
        long memory = (long) image.text().size() * Instruction.SIZE + image.dataSize() + image.rodataSize()
                + policy.stackSize() + hook.contextSize();
        return new Version(engine, function.name(), policy, memory, number);
    }

    /**
     * The base policy with these helpers, one object for every container with the same helpers (a tenant on a
     * hook), which their verified programs keep: not a policy and its allow-list per idle container. At most
     * {@link #MAX_SHARED_POLICIES} are kept; beyond, each install gets its own.
     */
    private Policy policyFor(Set<Integer> allowed) {
        Policy shared = policies.get(allowed);
        if (shared != null) {
            return shared;
        }
        Policy policy = config.basePolicy().withHelpers(allowed::contains);
        if (policies.size() < MAX_SHARED_POLICIES) {
            policies.putIfAbsent(allowed, policy);
        }
        return policy;
    }

    private static Image.Function entryOf(Image image, String entry) throws InstallException {
        if (entry == null) {
            // raw images and objects without a symbol at slot 0 still start there, as upstream
            return image.defaultFunction().orElse(new Image.Function("(slot 0)", 0));
        }
        return image.function(entry).orElseThrow(() -> new InstallException(InstallException.Stage.REQUEST,
                "no function " + entry + " in the image; it has " + image.functions().stream()
                        .map(Image.Function::name).collect(Collectors.toList())));
    }

    /**
     * The program to verify and run: the text itself for an entry at slot 0; else the text behind a two-slot
     * trampoline {@code call local <entry>; exit}. The VM always starts at slot 0, and prepending keeps every
     * relative jump and call of the text valid; r1 and r2 reach the entry function unchanged.
     */
    static Program withEntry(Program text, int slot) {
        if (slot == 0) {
            return text;
        }
        List<Instruction> slots = new ArrayList<>(text.size() + 2);
        slots.add(new Instruction(Op.CALL_LOCAL, 0, 1, 0, slot + 1)); // target = 0 + imm + 1 = slot + 2
        slots.add(new Instruction(Op.EXIT, 0, 0, 0, 0));
        slots.addAll(text.instructions());
        return Program.of(slots);
    }

    private void checkQuotas(Tenant t, Version v, long usedByOthers, int containersAfter) throws InstallException {
        Tenant.Quotas q = t.quotas();
        if (containersAfter > q.containers()) {
            throw new InstallException(InstallException.Stage.QUOTA, "tenant " + t.id() + " may install "
                    + q.containers() + " container(s) and has " + (containersAfter - 1) + "; uninstall one first");
        }
        if (usedByOthers + v.memoryBytes > q.memoryBytes()) {
            throw new InstallException(InstallException.Stage.QUOTA, "container needs " + v.memoryBytes
                    + " bytes (text, data, rodata, " + v.policy.stackSize() + " of stack and the hook's context)"
                    + " but tenant " + t.id() + " has " + Math.max(0, q.memoryBytes() - usedByOthers) + " of "
                    + q.memoryBytes() + " bytes left");
        }
    }

    /** Containers and quota bytes of one tenant, kept up to date by the lifecycle methods: no scan per install. */
    private record Usage(int containers, long memoryBytes) {
        static final Usage NONE = new Usage(0, 0);
    }

    private Usage usageOf(TenantId tenant) {
        return usage.getOrDefault(tenant, Usage.NONE);
    }

    /** Under the lifecycle lock. */
    private void usage(TenantId tenant, int containersAdded, long bytesAdded) {
        Usage u = usageOf(tenant);
        Usage next = new Usage(u.containers() + containersAdded, u.memoryBytes() + bytesAdded);
        if (next.containers() == 0) {
            usage.remove(tenant);
        } else {
            usage.put(tenant, next);
        }
    }

    /** Containers installed, of every tenant. */
    public int containerCount() {
        return containers.size();
    }

    /** Bytes of every tenant's memory quota in use: what all installed containers count. */
    public long memoryUsed() {
        long sum = 0;
        for (Usage u : usage.values()) {
            sum += u.memoryBytes();
        }
        return sum;
    }

    private Container require(ContainerId id) {
        Container c = containers.get(Objects.requireNonNull(id, "id"));
        if (c == null) {
            throw new IllegalArgumentException("no container " + id);
        }
        return c;
    }

    private static void move(Container c, ContainerState next) {
        if (!c.state.canMoveTo(next)) {
            throw new IllegalStateException("container " + c.id + " is " + c.state.name().toLowerCase()
                    + " and cannot become " + next.name().toLowerCase());
        }
        c.state = next;
    }

    private static String hex(Set<Integer> numbers) {
        return numbers.isEmpty() ? "none" : numbers.stream().sorted().map(n -> "0x" + Integer.toHexString(n))
                .collect(Collectors.joining(","));
    }

    private static ContainerInfo info(Container c) {
        Version v = c.version;
        return new ContainerInfo(c.id, c.tenant, c.hook, v.entry, c.state, v.policy, v.memoryBytes, v.engine.kind(),
                v.engine.description(), c.snapshot(v.number));
    }

    /** One verified image of a container, ready to run. Immutable; keeps nothing of the image the engine does not. */
    private record Version(Engine engine, String entry, Policy policy, long memoryBytes, int number) {
    }

    /**
     * An installed container and its statistics. The statistics are plain fields updated with atomic adds through
     * {@link VarHandle}s, not {@code LongAdder}s and atomics of their own: an idle container then holds no counter
     * objects (they cost ~150 bytes), and a run already contends on {@link #started} for its exact run number, so
     * striping the other counters would buy little.
     */
    private static final class Container {
        private static final VarHandle STARTED, FAULTS, INSTRUCTIONS, NANOS;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                STARTED = lookup.findVarHandle(Container.class, "started", long.class);
                FAULTS = lookup.findVarHandle(Container.class, "faults", long.class);
                INSTRUCTIONS = lookup.findVarHandle(Container.class, "instructions", long.class);
                NANOS = lookup.findVarHandle(Container.class, "nanos", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final ContainerId id;
        final TenantId tenant;
        final HookSpec hook;
        final ContainerStores stores;
        /** What runs its images, this one and replacements. */
        final EngineFactory engines;
        volatile Version version;
        volatile ContainerState state = ContainerState.INSTALLED;
        /** A host's note about the current image (see {@link ContainerRuntime#note}); null when there is none. */
        volatile Object note;
        // statistics, through the VarHandles above only
        private long started;
        private long faults;
        private long instructions;
        private long nanos;
        /** Faults by cause, made at the first fault: most containers never fault. */
        private volatile AtomicLongArray byCause;
        private volatile FaultRecord lastFault;

        Container(ContainerId id, TenantId tenant, HookSpec hook, ContainerStores stores, EngineFactory engines,
                  Version version) {
            this.id = id;
            this.tenant = tenant;
            this.hook = hook;
            this.stores = stores;
            this.engines = engines;
            this.version = version;
        }

        /** Counts a run starting; its number, from 1. */
        long started() {
            return (long) STARTED.getAndAdd(this, 1L) + 1;
        }

        void record(Outcome outcome, long runNanos, long run) {
            INSTRUCTIONS.getAndAdd(this, outcome.instructions());
            NANOS.getAndAdd(this, runNanos);
            if (outcome instanceof Outcome.Faulted f) {
                FaultCause cause = FaultCause.of(f.fault());
                FAULTS.getAndAdd(this, 1L);
                causes().incrementAndGet(cause.ordinal());
                lastFault = new FaultRecord(cause, f.fault().pc(), f.fault().message(), run);
            }
        }

        private AtomicLongArray causes() {
            AtomicLongArray counts = byCause;
            if (counts == null) {
                synchronized (this) {
                    counts = byCause;
                    if (counts == null) {
                        byCause = counts = new AtomicLongArray(FaultCause.values().length);
                    }
                }
            }
            return counts;
        }

        ContainerStats snapshot(int version) {
            Map<FaultCause, Long> map = new EnumMap<>(FaultCause.class);
            AtomicLongArray counts = byCause;
            for (FaultCause cause : FaultCause.values()) {
                long n = counts == null ? 0 : counts.get(cause.ordinal());
                if (n > 0) {
                    map.put(cause, n);
                }
            }
            return new ContainerStats((long) STARTED.getVolatile(this), (long) FAULTS.getVolatile(this), map,
                    Optional.ofNullable(lastFault), (long) INSTRUCTIONS.getVolatile(this),
                    (long) NANOS.getVolatile(this), version);
        }
    }
}
