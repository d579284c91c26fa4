package io.femto4j.devices.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardRun;
import io.femto4j.board.Device;
import io.femto4j.board.EnginePolicy;
import io.femto4j.board.InstructionMix;
import io.femto4j.board.TimeEstimate;
import io.femto4j.isa.Instruction;
import io.femto4j.jit.Jit;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerRuntime;
import io.femto4j.runtime.EngineFactory;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.RunResult;
import io.femto4j.runtime.RuntimeConfig;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.image.Image;
import io.femto4j.runtime.image.ImageFormatException;
import io.femto4j.runtime.image.Images;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SaulDevice;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;
import io.femto4j.verifier.Policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A device simulated on the host: a {@link ContainerRuntime} set up for its board (stack of the board's frames,
 * simulated SAUL devices, a clock) and the board-wide checks the runtime's per-tenant quotas cannot make.
 * Plain Java; the device manager publishes it as a service (public for the benchmarks, which use it without a
 * framework).
 *
 * <p>Its {@link EnginePolicy} chooses the engine of every container installed without one of its own, also
 * through {@code runtime().install}, and of their replacements; changing it leaves running engines alone.
 */
public final class SimulatedDevice implements Device {
    private final String name;
    private final BoardProfile board;
    private final SimulatedSaul saul;
    private final ContainerRuntime runtime;
    private volatile EnginePolicy compile;
    private final Map<TenantId, Tenant> tenants = new ConcurrentHashMap<>();

    /**
     * The mean board time per instruction of a container's image installed through this device, from its instruction
     * mix, computed once: an idle container keeps one number, not its mix, as a note of the runtime (which forgets it
     * when the image is replaced or the container uninstalled), not in a map of its own.
     */
    private record Profiled(double meanMicros) {
    }

    /** A device whose containers run on the interpreter unless installed with another policy. */
    public SimulatedDevice(String name, BoardProfile board) {
        this(name, board, EnginePolicy.NEVER);
    }

    public SimulatedDevice(String name, BoardProfile board, EnginePolicy compile) {
        this.name = Objects.requireNonNull(name, "name");
        this.board = Objects.requireNonNull(board, "board");
        this.compile = Objects.requireNonNull(compile, "compile");
        this.saul = new SimulatedSaul(board.saul());
        Policy policy = Policy.defaults().withFrameSize(BoardProfile.FRAME_BYTES).withMaxCallDepth(board.stackFrames());
        // the device's policy when the engine is made, not when the runtime was: configuration may change it
        EngineFactory configured = (program, helpers, sections) -> engines(this.compile).load(program, helpers, sections);
        this.runtime = new ContainerRuntime(RuntimeConfig.defaults().withBoard(saul).withBasePolicy(policy)
                .withEngines(configured));
    }

    /** The engines a policy makes: the interpreter, the compiler (interpreter as its fallback), or tiered. */
    static EngineFactory engines(EnginePolicy policy) {
        return switch (policy.mode()) {
            case NEVER -> EngineFactory.INTERPRETER;
            case ALWAYS -> Jit::load;
            case AFTER -> (program, helpers, sections) -> Jit.tiered(program, helpers, sections,
                    policy.compileAfterRuns());
        };
    }

    /** The policy for containers installed from now on without one of their own. */
    public EnginePolicy compile() {
        return compile;
    }

    public void compile(EnginePolicy policy) {
        this.compile = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public BoardProfile board() {
        return board;
    }

    @Override
    public ContainerRuntime runtime() {
        return runtime;
    }

    @Override
    public ContainerInfo install(ContainerId id, byte[] imageBytes, TenantId tenant, HookSpec hook, String entry)
            throws InstallException {
        return install(id, imageBytes, tenant, hook, entry, null);
    }

    @Override
    public synchronized ContainerInfo install(ContainerId id, byte[] imageBytes, TenantId tenant, HookSpec hook,
                                              String entry, EnginePolicy compile) throws InstallException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hook, "hook");
        int installed = runtime.containerCount();
        if (installed >= board.maxContainers()) {
            throw new InstallException(InstallException.Stage.QUOTA, "container " + id + " does not fit " + where()
                    + ": the board holds at most " + board.maxContainers() + " containers and has " + installed
                    + "; uninstall one first");
        }
        Image image = load(imageBytes);
        checkFits(id, image, hook, memoryUsed());
        ContainerInfo info = compile == null ? runtime.install(id, image, tenant, hook, entry)
                : runtime.install(id, image, tenant, hook, entry, engines(compile));
        profile(id, image, info);
        return info;
    }

    /** As the runtime's replace, after checking that the new image fits the board in place of the old one. */
    @Override
    public synchronized ContainerInfo replace(ContainerId id, byte[] imageBytes, String entry) throws InstallException {
        ContainerInfo old = runtime.info(Objects.requireNonNull(id, "id")).orElseThrow(
                () -> new IllegalArgumentException("no container " + id));
        Image image = load(imageBytes);
        checkFits(id, image, old.hook(), memoryUsed() - old.memoryBytes());
        ContainerInfo info = runtime.replace(id, image, entry);
        profile(id, image, info);
        return info;
    }

    private void profile(ContainerId id, Image image, ContainerInfo info) {
        runtime.note(id, info.stats().version(), new Profiled(InstructionMix.of(image.text()).meanMicros(board.costs())));
    }

    private static Image load(byte[] imageBytes) throws InstallException {
        try {
            return Images.load(Objects.requireNonNull(imageBytes, "image"));
        } catch (ImageFormatException e) {
            throw new InstallException(InstallException.Stage.LOAD, "image rejected: " + e.getMessage());
        }
    }

    private void checkFits(ContainerId id, Image image, HookSpec hook, long used) throws InstallException {
        // the same charge the runtime makes (text, sections, stack, context), checked against the whole board
        long text = (long) image.text().size() * Instruction.SIZE;
        long need = text + image.dataSize() + image.rodataSize() + board.stackBytes() + hook.contextSize();
        if (used + need > board.containerMemoryBytes()) {
            throw new InstallException(InstallException.Stage.QUOTA, "container " + id + " does not fit " + where()
                    + ": it needs " + need + " bytes of the container memory budget (text " + text + ", data "
                    + image.dataSize() + ", rodata " + image.rodataSize() + ", stack " + board.stackBytes()
                    + ", context " + hook.contextSize() + ") but only " + Math.max(0, board.containerMemoryBytes() - used)
                    + " of " + board.containerMemoryBytes() + " bytes are free (containers " + containersMemory()
                    + ", store reservations " + storesMemory() + ")");
        }
    }

    @Override
    public synchronized void uninstall(ContainerId id) {
        runtime.uninstall(id);
    }

    @Override
    public BoardRun run(ContainerId id, Invocation invocation) {
        RunResult r = runtime.run(id, invocation);
        return new BoardRun(r, estimate(id, r.instructions()));
    }

    @Override
    public TimeEstimate estimate(ContainerId id, long instructions) {
        // a container installed or replaced past this device has no note of this device's
        Object note = runtime.note(id).orElse(null);
        boolean known = note instanceof Profiled;
        double mean = known ? ((Profiled) note).meanMicros() : board.costs().meanMicros();
        String method = known ? "loop-weighted static mix" : "program mix unknown, mean of the class costs";
        return new TimeEstimate(board.id(), instructions, mean * instructions, method);
    }

    @Override
    public synchronized void putTenant(Tenant tenant) {
        Tenant.Quotas q = tenant.quotas();
        Tenant capped = tenant.withQuotas(new Tenant.Quotas(Math.min(q.containers(), board.maxContainers()),
                Math.min(q.memoryBytes(), board.containerMemoryBytes()),
                Math.min(q.storeEntries(), board.storeEntriesPerTenant())));
        if (!tenants.containsKey(tenant.id())
                && memoryUsed() + board.storeReservationBytes() > board.containerMemoryBytes()) {
            throw new IllegalStateException("tenant " + tenant.id() + " does not fit " + where() + ": its store needs "
                    + board.storeReservationBytes() + " bytes and " + (board.containerMemoryBytes() - memoryUsed())
                    + " are free");
        }
        runtime.putTenant(capped);
        tenants.put(capped.id(), capped);
    }

    @Override
    public List<Tenant> tenants() {
        List<Tenant> all = new ArrayList<>(tenants.values());
        all.sort(Comparator.comparing(t -> t.id().toString()));
        return all;
    }

    @Override
    public long memoryUsed() {
        return containersMemory() + storesMemory();
    }

    private long containersMemory() {
        return runtime.memoryUsed();
    }

    private long storesMemory() {
        return tenants.size() * board.storeReservationBytes();
    }

    @Override
    public List<SaulDevice> saul() {
        return saul.saul().devices();
    }

    @Override
    public void setReading(String saulName, Phydat value) {
        saul.set(saulName, Objects.requireNonNull(value, "value"));
    }

    private String where() {
        return "board " + board.id() + " (device " + name + ")";
    }

    @Override
    public String toString() {
        return "device " + name + " on " + board.id();
    }
}
