package io.femto4j.loader.device;

import io.femto4j.board.Device;
import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.HookManager;
import io.femto4j.loader.envelope.DeviceIds;
import io.femto4j.loader.envelope.Envelope;
import io.femto4j.loader.envelope.EnvelopeDeployer.Deployment;
import io.femto4j.loader.envelope.EnvelopeCodec;
import io.femto4j.loader.envelope.EnvelopeException;
import io.femto4j.loader.envelope.Manifest;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerState;
import io.femto4j.runtime.HelperNumbers;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.RunResult;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.image.Images;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;

import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The network loader of one device, plain Java: takes an envelope, checks it in the order of the issue (stopping
 * at the first failure with a {@link Refused}), swaps the container in atomically, attaches it and persists the
 * envelope; at start it re-verifies and reinstalls what it persisted.
 *
 * <h2>The checks, in order</h2>
 * <ol>
 * <li>the envelope is within {@link LoaderSettings#maxEnvelopeBytes} and well-formed;</li>
 * <li>it is signed by a key trusted for the manifest's tenant;</li>
 * <li>the component is the tenant's (or new) and the sequence number is above the last one installed for it
 *     (kept in the data area, so a restart does not reopen replay);</li>
 * <li>vendor and class IDs are the device's board's;</li>
 * <li>the declared payload size is within the board's limit ({@link #payloadLimit}) before anything is fetched;</li>
 * <li>the payload (integrated, or fetched from its URI) has that size and the manifest's SHA-256;</li>
 * <li>the hook exists and the tenant may use it; the image loads and passes the verifier under the tenant's and
 *     hook's policy, and fits the quotas (the runtime does this before it registers anything).</li>
 * </ol>
 * Only then is the container installed, or swapped in place of the previous version ({@link Device#replace}:
 * the old image serves until the new one has passed). A later failure (attachment refused by the hook, storage)
 * puts the previous state back. One deployment at a time: another one meanwhile is refused as {@link Refusal#BUSY}
 * rather than queued.
 */
final class DeviceLoader {
    /** The shell's own hook (as fc:install and the deploy folder use it): run only by hand, 1 KiB context. */
    static final HookSpec SHELL_HOOK = new HookSpec("shell", 1024, false, HelperNumbers.ALL);
    private static final Logger LOG = Logger.getLogger(DeviceLoader.class.getName());

    private final Device device;
    private final HookManager hooks;
    /** The spec of a hook by name: the hook manager's, or (on the platform) a provider's it has not seen yet. */
    private final Function<String, Optional<HookSpec>> specs;
    private final LoaderSettings settings;
    private final ComponentStore store;
    private final PayloadFetcher fetcher;
    private final ReentrantLock lock = new ReentrantLock();
    /** The containers this loader installed, by component name. */
    private final Map<String, Component> components = new ConcurrentHashMap<>();
    /** Per component ever accepted (installed now or not), the last sequence number and its tenant. */
    private final Map<String, Floor> floors = new ConcurrentHashMap<>();
    /** Stored components not restored yet because their hook has no provider; retried by {@link #retryPending}. */
    private final Map<String, String> pending = new ConcurrentHashMap<>();

    /** A container of this loader: its manifest and the image it runs (to put back if a swap must be undone). */
    private record Component(Manifest manifest, byte[] payload) {
    }

    private record Floor(long sequence, String tenant) {
    }

    /** An envelope that passed every check before the swap. */
    private record Checked(Envelope envelope, byte[] payload, HookSpec hook, ChainPolicy policy) {
        Manifest manifest() {
            return envelope.manifest();
        }
    }

    /** A container installed by the loader, as {@code GET /bpf} lists it. */
    record Installed(String component, long sequence, String tenant, String hook, String policy, ContainerState state) {
        String line() {
            return component + " seq=" + sequence + " tenant=" + tenant + " hook=" + hook + " policy=" + policy
                    + " state=" + (state == null ? "gone" : state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * @param hooks   the hook manager that attaches containers; null for a loader that only knows the shell hook
     * @param dataDir the directory the loader keeps this device's envelopes in
     */
    DeviceLoader(Device device, HookManager hooks, LoaderSettings settings, Path dataDir, PayloadFetcher fetcher)
            throws IOException {
        this(device, hooks, hooks == null ? name -> Optional.empty() : hooks::spec, settings, dataDir, fetcher);
    }

    /** @param specs the spec of a hook by name (the hook manager's {@code spec}, or a wider lookup) */
    DeviceLoader(Device device, HookManager hooks, Function<String, Optional<HookSpec>> specs,
                 LoaderSettings settings, Path dataDir, PayloadFetcher fetcher) throws IOException {
        this.device = device;
        this.hooks = hooks;
        this.specs = specs;
        this.settings = settings;
        this.fetcher = fetcher;
        this.store = new ComponentStore(dataDir, settings.maxEnvelopeBytes());
        for (String tenant : settings.trustedKeys().keySet()) {
            try {
                device.putTenant(new Tenant(TenantId.of(tenant), settings.hooksOf(tenant), HelperNumbers.ALL,
                        Tenant.Quotas.defaults()));
            } catch (IllegalStateException e) {
                LOG.warning("tenant " + tenant + " not registered on " + device.name() + ": " + e.getMessage());
            }
        }
    }

    Device device() {
        return device;
    }

    /** Most bytes a payload may have here: the configured limit, capped by the board's container budget. */
    long payloadLimit() {
        return Math.min(Math.min(settings.maxPayloadBytes(), device.board().containerMemoryBytes()),
                Images.MAX_FILE_SIZE);
    }

    // ---- deploying -----------------------------------------------------------------------------------------

    /** Checks {@code envelope} and installs or replaces its container; nothing changes when it is refused. */
    Installed deploy(byte[] envelope) throws Refused {
        return exclusively(() -> envelope);
    }

    /** {@link #deploy} as the deployer service answers: installed, or refused with its CoAP code and diagnostic. */
    Deployment deployment(byte[] envelope) {
        try {
            Installed i = deploy(envelope);
            return new Deployment(true, i.component(), i.sequence(), null, "2.04",
                    "installed " + i.line() + " on " + device.name());
        } catch (Refused r) {
            return new Deployment(false, null, -1, r.reason().label(), r.reason().code(), r.diagnostic());
        }
    }

    /** Fetches an envelope from {@code uri} (as {@code /suit/trigger}), then as {@link #deploy}. */
    Installed deployFrom(String uri) throws Refused {
        return exclusively(() -> fetcher.fetch(uri, settings.maxEnvelopeBytes()));
    }

    /** Where an envelope comes from: the request, or a fetch (made under the lock too, so fetches are bounded). */
    private interface Source {
        byte[] envelope() throws Refused;
    }

    private Installed exclusively(Source source) throws Refused {
        if (!lock.tryLock()) {
            throw new Refused(Refusal.BUSY, "another deployment is in progress on " + device.name() + "; try again");
        }
        try {
            Installed done = swapIn(check(source.envelope(), false), true);
            LOG.info("loader " + device.name() + ": installed " + done.line());
            return done;
        } finally {
            lock.unlock();
        }
    }

    private Checked check(byte[] bytes, boolean restoring) throws Refused {
        // 1. well-formed and within size limits
        if (bytes.length > settings.maxEnvelopeBytes()) {
            throw new Refused(Refusal.TOO_LARGE, "envelope of " + bytes.length + " bytes; at most "
                    + settings.maxEnvelopeBytes());
        }
        Envelope e;
        try {
            e = EnvelopeCodec.decode(bytes);
        } catch (EnvelopeException ex) {
            throw new Refused(Refusal.MALFORMED, ex.getMessage());
        }
        Manifest m = e.manifest();
        // 2. signed by a key trusted for the tenant
        if (e.signature() == null) {
            throw new Refused(Refusal.UNSIGNED, "the envelope carries no COSE_Sign1 signature");
        }
        List<PublicKey> keys = settings.trustedKeys().getOrDefault(m.tenant(), List.of());
        String kid = HexFormat.of().formatHex(e.signature().kid());
        PublicKey key = keys.stream().filter(e.signature()::names).findFirst().orElseThrow(() -> new Refused(
                Refusal.UNTRUSTED_KEY, keys.isEmpty() ? "no key is trusted for tenant " + m.tenant()
                : "key " + kid + " is not trusted for tenant " + m.tenant()));
        if (!e.signature().verifies(e.manifestBytes(), key)) {
            throw new Refused(Refusal.BAD_SIGNATURE, "the signature does not verify with key " + kid + " of tenant "
                    + m.tenant());
        }
        // 3. the tenant's component, and a sequence number above the last one
        Floor floor = floors.get(m.component());
        if (floor != null && !floor.tenant().equals(m.tenant())) {
            throw new Refused(Refusal.NOT_OWNER, "component " + m.component() + " belongs to tenant "
                    + floor.tenant());
        }
        if (floor != null && (restoring ? m.sequence() < floor.sequence() : m.sequence() <= floor.sequence())) {
            throw new Refused(Refusal.STALE_SEQUENCE, "sequence number " + m.sequence() + " is not above "
                    + floor.sequence() + ", the last installed for component " + m.component());
        }
        // 4. vendor and class of this board
        if (!m.vendorId().equals(DeviceIds.VENDOR)) {
            throw new Refused(Refusal.WRONG_VENDOR, "vendor id " + m.vendorId() + " is not " + DeviceIds.VENDOR);
        }
        java.util.UUID cls = DeviceIds.classOf(device.board().id());
        if (!m.classId().equals(cls)) {
            throw new Refused(Refusal.WRONG_CLASS, "class id " + m.classId() + " is not this device's (board "
                    + device.board().id() + ": " + cls + ")");
        }
        // 5. payload size within the board's limit, before anything is fetched
        long limit = payloadLimit();
        if (m.payloadSize() > limit) {
            throw new Refused(Refusal.PAYLOAD_TOO_LARGE, "payload of " + m.payloadSize() + " bytes; board "
                    + device.board().id() + " takes at most " + limit);
        }
        byte[] payload = e.payload();
        if (payload == null) {
            if (m.payloadUri() == null) {
                throw new Refused(Refusal.NO_PAYLOAD, "neither an integrated payload nor a payload URI");
            }
            payload = fetcher.fetch(m.payloadUri(), (int) m.payloadSize());
        }
        // 6. the payload the manifest describes
        if (payload.length != m.payloadSize()) {
            throw new Refused(Refusal.SIZE_MISMATCH, "payload of " + payload.length + " bytes; the manifest says "
                    + m.payloadSize());
        }
        if (!MessageDigest.isEqual(sha256(payload), m.digest())) {
            throw new Refused(Refusal.DIGEST_MISMATCH, "the payload's SHA-256 " + HexFormat.of().formatHex(
                    sha256(payload)) + " is not the manifest's " + HexFormat.of().formatHex(m.digest()));
        }
        // 7. (first half) a hook the tenant may use and a policy it knows; the runtime loads and verifies
        HookSpec hook = specOf(m.hook());
        if (!settings.tenantHooks().containsKey(m.tenant())) { // deny by default: a trusted key alone grants no hook
            throw new Refused(Refusal.HOOK_FORBIDDEN, LoaderSettings.noHooksEntry(m.tenant(), hook.name()));
        }
        Tenant tenant = device.runtime().tenant(TenantId.of(m.tenant())).orElseThrow(() -> new Refused(
                Refusal.HOOK_FORBIDDEN, "tenant " + m.tenant() + " is not registered on " + device.name()));
        if (!tenant.allowsHook(hook.name())) {
            throw new Refused(Refusal.HOOK_FORBIDDEN, "tenant " + m.tenant() + " may not use hook " + hook.name()
                    + "; it may use " + new java.util.TreeSet<>(tenant.hooks()));
        }
        ChainPolicy policy;
        try {
            policy = ChainPolicy.parse(m.policy());
        } catch (IllegalArgumentException ex) {
            throw new Refused(Refusal.ATTACH_REFUSED, ex.getMessage());
        }
        return new Checked(e, payload, hook, policy);
    }

    private HookSpec specOf(String hook) throws Refused {
        if (hook.equals(SHELL_HOOK.name())) {
            return SHELL_HOOK;
        }
        return specs.apply(hook).orElseThrow(() -> new Refused(Refusal.UNKNOWN_HOOK, "no hook " + hook + " on this platform"
                + (hooks == null ? "" : "; there are " + hooks.hookNames() + " and shell")));
    }

    /** Step 7's load and verification (inside the runtime), then the swap, the attachment and the record. */
    private Installed swapIn(Checked c, boolean persist) throws Refused {
        Manifest m = c.manifest();
        ContainerId id = ContainerId.of(m.component());
        Component current = components.get(m.component());
        boolean present = device.runtime().info(id).isPresent();
        if (present && current == null) {
            throw new Refused(Refusal.NAME_TAKEN, "a container " + id + " is on " + device.name()
                    + " but was not installed by the loader");
        }
        if (current != null && !present) {
            components.remove(m.component()); // uninstalled behind the loader's back: install afresh
            current = null;
        }
        byte[] stored = persist ? c.envelope().withPayload(c.payload()) : null;
        if (current == null) {
            install(c, id, stored);
        } else {
            replace(c, id, current, stored);
        }
        components.put(m.component(), new Component(m, c.payload()));
        floors.put(m.component(), new Floor(m.sequence(), m.tenant()));
        return describe(m.component()).orElseThrow();
    }

    private void install(Checked c, ContainerId id, byte[] stored) throws Refused {
        Manifest m = c.manifest();
        try {
            device.install(id, c.payload(), TenantId.of(m.tenant()), c.hook(), null);
        } catch (InstallException e) {
            throw refusalOf(e);
        }
        try {
            attach(id, c.hook(), c.policy(), m.parameters());
        } catch (RuntimeException e) {
            device.uninstall(id);
            throw new Refused(Refusal.ATTACH_REFUSED, e.getMessage());
        }
        if (stored != null) {
            try {
                store.write(m.component(), stored);
            } catch (IOException e) {
                detach(id, c.hook());
                device.uninstall(id);
                throw new Refused(Refusal.STORAGE_FAILED, "cannot keep the envelope: " + e.getMessage());
            }
        }
    }

    private void replace(Checked c, ContainerId id, Component current, byte[] stored) throws Refused {
        Manifest m = c.manifest();
        Manifest old = current.manifest();
        if (!old.hook().equals(m.hook())) {
            throw new Refused(Refusal.HOOK_CONFLICT, "component " + m.component() + " is installed for hook "
                    + old.hook() + "; a swap keeps the hook (use another component name)");
        }
        try {
            device.replace(id, c.payload(), null); // verified first; the old image runs until then
        } catch (InstallException e) {
            throw refusalOf(e);
        }
        boolean reattach = !old.policy().equals(m.policy()) || !old.parameters().equals(m.parameters());
        try {
            if (reattach) {
                detach(id, c.hook());
                attach(id, c.hook(), c.policy(), m.parameters());
            }
        } catch (RuntimeException e) {
            undo(id, c.hook(), current, true);
            throw new Refused(Refusal.ATTACH_REFUSED, e.getMessage());
        }
        if (stored != null) {
            try {
                store.write(m.component(), stored);
            } catch (IOException e) {
                undo(id, c.hook(), current, reattach);
                throw new Refused(Refusal.STORAGE_FAILED, "cannot keep the envelope: " + e.getMessage());
            }
        }
    }

    /** Puts the previous image and attachment back after a swap that could not be completed. */
    private void undo(ContainerId id, HookSpec hook, Component previous, boolean reattach) {
        try {
            device.replace(id, previous.payload(), null);
            if (reattach) {
                detach(id, hook);
                attach(id, hook, ChainPolicy.parse(previous.manifest().policy()), previous.manifest().parameters());
            }
        } catch (InstallException | RuntimeException e) {
            LOG.log(Level.WARNING, "loader " + device.name() + ": could not put back " + id + ": " + e.getMessage());
        }
    }

    private void attach(ContainerId id, HookSpec hook, ChainPolicy policy, Map<String, String> parameters) {
        if (hook == SHELL_HOOK) {
            device.runtime().attach(id);
        } else {
            hooks.attach(device.name(), id, policy, HookManager.APPEND, parameters);
        }
    }

    private void detach(ContainerId id, HookSpec hook) {
        if (hook == SHELL_HOOK) {
            if (device.runtime().info(id).map(i -> i.state() == ContainerState.ATTACHED).orElse(false)) {
                device.runtime().detach(id);
            }
        } else {
            hooks.detach(device.name(), id);
        }
    }

    private static Refused refusalOf(InstallException e) {
        String detail = e.getMessage() + (e.diagnostics().isEmpty() ? "" : "; first: " + e.diagnostics().get(0));
        return new Refused(e.stage() == InstallException.Stage.QUOTA ? Refusal.QUOTA : Refusal.IMAGE_REJECTED,
                e.stage().name().toLowerCase(java.util.Locale.ROOT) + ": " + detail);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    // ---- restoring -------------------------------------------------------------------------------------------

    /**
     * Re-verifies and reinstalls every stored envelope (signature with today's keys, class, digest, verifier).
     * Every stored sequence number counts against replay whether or not its container comes back. Containers of
     * hooks without a provider yet, or whose attachment is refused (as when the hook manager has not seen the device
     * yet), wait for {@link #retryPending}.
     *
     * @return per component not restored, the reason
     */
    Map<String, String> restore() throws IOException {
        lock.lock();
        try {
            Map<String, byte[]> stored = new TreeMap<>();
            for (String name : store.names()) {
                try {
                    byte[] bytes = store.read(name);
                    Manifest m = EnvelopeCodec.decode(bytes).manifest();
                    if (!m.component().equals(name)) {
                        throw new EnvelopeException("it holds component " + m.component());
                    }
                    floors.put(name, new Floor(m.sequence(), m.tenant()));
                    stored.put(name, bytes);
                } catch (IOException | EnvelopeException e) {
                    LOG.warning("loader " + device.name() + ": stored " + name + " is unusable: " + e.getMessage());
                }
            }
            Map<String, String> failed = new TreeMap<>();
            stored.forEach((name, bytes) -> reinstall(name, bytes).ifPresent(why -> failed.put(name, why)));
            return failed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether stored containers wait for their hook ({@link #retryPending}). */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    /**
     * Tries again the stored containers that could not be attached yet: their hook had no provider, or the hook
     * refused the attachment (e.g. the hook manager had not seen the device yet). Call when a hook provider
     * arrives, and a few times after a restore.
     */
    Map<String, String> retryPending() {
        lock.lock();
        try {
            Map<String, String> failed = new TreeMap<>();
            for (String name : List.copyOf(pending.keySet())) {
                try {
                    reinstall(name, store.read(name)).ifPresent(why -> failed.put(name, why));
                } catch (IOException e) {
                    pending.remove(name);
                    failed.put(name, e.getMessage());
                }
            }
            return failed;
        } finally {
            lock.unlock();
        }
    }

    private Optional<String> reinstall(String name, byte[] bytes) {
        try {
            Installed i = swapIn(check(bytes, true), false);
            pending.remove(name);
            LOG.info("loader " + device.name() + ": restored " + i.line());
            return Optional.empty();
        } catch (Refused r) {
            // no provider for the hook yet, or the hook manager does not know the (new) device yet: try again later
            if (r.reason() == Refusal.UNKNOWN_HOOK || r.reason() == Refusal.ATTACH_REFUSED) {
                pending.put(name, r.diagnostic());
            } else {
                pending.remove(name);
                LOG.warning("loader " + device.name() + ": stored " + name + " not restored: " + r.diagnostic());
            }
            return Optional.of(r.diagnostic());
        }
    }

    /**
     * Takes the loader's containers off the device (detached, uninstalled); their envelopes stay stored, so a
     * later {@link #restore} brings them back. For a loader that stops while its device lives on.
     */
    void unload() {
        lock.lock();
        try {
            for (Map.Entry<String, Component> e : new TreeMap<>(components).entrySet()) {
                ContainerId id = ContainerId.of(e.getKey());
                try {
                    HookSpec hook = device.runtime().info(id).map(ContainerInfo::hook).orElse(null);
                    if (hook != null) {
                        detach(id, hook.name().equals(SHELL_HOOK.name()) ? SHELL_HOOK : hook);
                        device.uninstall(id);
                    }
                } catch (RuntimeException ex) {
                    LOG.warning("loader " + device.name() + ": could not take " + id + " off: " + ex.getMessage());
                }
            }
            components.clear();
            pending.clear();
        } finally {
            lock.unlock();
        }
    }

    // ---- listing and running ----------------------------------------------------------------------------------

    List<Installed> installed() {
        List<Installed> all = new ArrayList<>();
        for (String name : new TreeMap<>(components).keySet()) {
            describe(name).ifPresent(all::add);
        }
        return all;
    }

    private Optional<Installed> describe(String name) {
        Component c = components.get(name);
        if (c == null) {
            return Optional.empty();
        }
        Manifest m = c.manifest();
        ContainerState state = device.runtime().info(ContainerId.of(name)).map(ContainerInfo::state).orElse(null);
        return Optional.of(new Installed(name, m.sequence(), m.tenant(), m.hook(), m.policy(), state));
    }

    /** Runs one of the loader's containers once with {@code context} as its context (r1, r2). */
    RunResult exec(String name, byte[] context) throws Refused {
        Component c = components.get(name);
        Optional<ContainerInfo> info = c == null ? Optional.empty() : device.runtime().info(ContainerId.of(name));
        if (info.isEmpty()) {
            throw new Refused(Refusal.NO_CONTAINER, "no container " + Manifest.printable(name)
                    + " installed by the loader on " + device.name());
        }
        if (context.length > info.get().hook().contextSize()) {
            throw new Refused(Refusal.CONTEXT_TOO_LARGE, "context of " + context.length + " bytes; hook "
                    + info.get().hook().name() + " gives at most " + info.get().hook().contextSize());
        }
        if (info.get().state() != ContainerState.ATTACHED) {
            throw new Refused(Refusal.NOT_ATTACHED, name + " is " + info.get().state().name().toLowerCase(
                    java.util.Locale.ROOT));
        }
        try {
            return device.runtime().run(ContainerId.of(name), Invocation.of(context));
        } catch (IllegalArgumentException | IllegalStateException raced) {
            throw new Refused(Refusal.NOT_ATTACHED, raced.getMessage()); // detached or replaced meanwhile
        }
    }
}
