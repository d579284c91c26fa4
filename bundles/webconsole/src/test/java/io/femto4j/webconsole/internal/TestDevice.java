package io.femto4j.webconsole.internal;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardRun;
import io.femto4j.board.Device;
import io.femto4j.board.TimeEstimate;
import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerRuntime;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
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
 * A device for the console's tests: a real container runtime on a simulated board, one trusted tenant "default",
 * and a flat board-time estimate of half a microsecond per instruction (the console only shows the number).
 */
record TestDevice(String name, BoardProfile board, SimulatedBoard simulated, ContainerRuntime runtime) implements Device {
    static final double MICROS_PER_INSTRUCTION = 0.5;

    static TestDevice create(String name) {
        SimulatedBoard board = SimulatedBoard.create();
        ContainerRuntime runtime = new ContainerRuntime(RuntimeConfig.defaults().withBoard(board));
        runtime.putTenant(Tenant.trusted("default"));
        return new TestDevice(name, new BoardProfile("testboard", "a <b>test</b> board", 64_000_000, 256 * 1024,
                1024 * 1024, 64 * 1024, 16), board, runtime);
    }

    static byte[] example(String file) {
        Path path = Path.of(System.getProperty("femto4j.repo.dir", "../.."), "sdk/examples", file);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

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
        var result = runtime.run(id, invocation);
        return new BoardRun(result, estimate(id, result.instructions()));
    }

    @Override
    public TimeEstimate estimate(ContainerId id, long instructions) {
        return new TimeEstimate(board.id(), instructions, instructions * MICROS_PER_INSTRUCTION, "test: flat cost");
    }

    @Override
    public void putTenant(Tenant tenant) {
        runtime.putTenant(tenant);
    }

    @Override
    public List<Tenant> tenants() {
        return runtime.tenant(TenantId.of("default")).map(List::of).orElse(List.of());
    }

    @Override
    public long memoryUsed() {
        return runtime.memoryUsed(TenantId.of("default"));
    }

    @Override
    public List<SaulDevice> saul() {
        return simulated.saul().devices();
    }

    @Override
    public void setReading(String saulName, Phydat value) {
        throw new UnsupportedOperationException("not needed by the console");
    }
}
