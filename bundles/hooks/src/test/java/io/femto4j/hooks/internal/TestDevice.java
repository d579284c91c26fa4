package io.femto4j.hooks.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardRun;
import io.femto4j.board.TimeEstimate;
import io.femto4j.board.Device;
import io.femto4j.isa.AsmException;
import io.femto4j.isa.Assembler;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerRuntime;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.RunResult;
import io.femto4j.runtime.RuntimeConfig;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SaulDevice;
import io.femto4j.runtime.spi.SimulatedBoard;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A device made here, as the device manager would: a simulated board under a container runtime with one
 * trusted tenant "t". Plus the containers the tests install: SDK examples and tiny assembled programs.
 */
public record TestDevice(String name, SimulatedBoard simulated, ContainerRuntime runtime) implements Device {
    public static final TenantId TENANT = TenantId.of("t");
    static final BoardProfile PROFILE = new BoardProfile("sim", "simulated test board", 64_000_000, 256 * 1024,
            1024 * 1024, 64 * 1024, 16);

    public static TestDevice create(String name) {
        SimulatedBoard board = SimulatedBoard.create();
        ContainerRuntime runtime = new ContainerRuntime(RuntimeConfig.defaults().withBoard(board));
        runtime.putTenant(Tenant.trusted("t"));
        return new TestDevice(name, board, runtime);
    }

    @Override
    public BoardProfile board() {
        return PROFILE;
    }

    // The board-level part of Device: the hook manager uses only name() and runtime(), so this double passes
    // straight to the runtime; its board-time estimate is a flat cost per instruction (the web console shows it).
    static final double MICROS_PER_INSTRUCTION = 0.5;

    @Override
    public ContainerInfo install(ContainerId id, byte[] image, TenantId tenant, HookSpec hook, String entry)
            throws InstallException {
        return runtime.install(id, image, tenant, hook, entry);
    }

    @Override
    public void uninstall(ContainerId id) {
        runtime.uninstall(id);
    }

    @Override
    public BoardRun run(ContainerId id, Invocation invocation) {
        RunResult result = runtime.run(id, invocation);
        return new BoardRun(result, estimate(id, result.instructions()));
    }

    @Override
    public TimeEstimate estimate(ContainerId id, long instructions) {
        return new TimeEstimate(PROFILE.id(), instructions, instructions * MICROS_PER_INSTRUCTION, "test: flat cost");
    }

    @Override
    public void putTenant(Tenant tenant) {
        runtime.putTenant(tenant);
    }

    @Override
    public List<Tenant> tenants() {
        return runtime.tenant(TENANT).map(List::of).orElse(List.of());
    }

    @Override
    public long memoryUsed() {
        return runtime.memoryUsed(TENANT);
    }

    @Override
    public List<SaulDevice> saul() {
        return simulated.saul().devices();
    }

    @Override
    public void setReading(String saulName, Phydat value) {
        throw new UnsupportedOperationException("set readings on simulated() directly");
    }

    /** Installs {@code image} as {@code id} for {@code hook}, not attached. */
    public ContainerId install(String id, byte[] image, HookSpec hook) {
        try {
            runtime.install(ContainerId.of(id), image, TENANT, hook, null);
        } catch (InstallException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return ContainerId.of(id);
    }

    /** The value at {@code key} of the device's global store. */
    public long global(int key) {
        return runtime.config().stores().global().fetch(key);
    }

    /** A program from assembler lines. */
    public static byte[] asm(String... lines) {
        try {
            return Assembler.assemble(String.join("\n", lines) + "\n").toBytes();
        } catch (AsmException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** r0 = value (sign-extended 32-bit immediate); exit. */
    public static byte[] returning(int value) {
        return asm("mov %r0, " + value, "exit");
    }

    /** Adds 1 to global key {@code key} (atomically) and returns {@code result}. */
    public static byte[] counting(int key, int result) {
        return asm("mov %r1, " + key, "mov %r2, 1", "mov %r3, 0", "call 0x1012", "mov %r0, " + result, "exit");
    }

    /** The clang object sdk/examples/NAME.o. */
    public static byte[] example(String name) {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            Path file = p.resolve("sdk/examples/" + name + ".o");
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("sdk/examples/" + name + ".o not found above " + dir);
    }
}
