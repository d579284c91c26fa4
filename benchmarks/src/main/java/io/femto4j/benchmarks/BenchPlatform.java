package io.femto4j.benchmarks;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.EnginePolicy;
import io.femto4j.devices.internal.SimulatedDevice;
import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.internal.HookRegistry;
import io.femto4j.hooks.internal.providers.SchedHookProvider;
import io.femto4j.runtime.HelperNumbers;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;

import java.util.Map;
import java.util.Set;

/**
 * The platform's own classes as plain Java objects, wired as the OSGi components would wire them: a
 * {@link SimulatedDevice} (the device manager's device, with its engine policy), the {@link HookRegistry} behind the
 * hook manager service, and the real {@code sched} hook provider. The board is a made-up one large enough for
 * {@link #MAX_CONTAINERS} containers, with one trusted tenant whose quotas allow as many.
 */
public final class BenchPlatform implements AutoCloseable {
    public static final int MAX_CONTAINERS = 20_000;
    public static final TenantId TENANT = TenantId.of("bench");
    /** Room for {@link #MAX_CONTAINERS} containers; the default 4 KiB stack, SAUL devices and cost model. */
    public static final BoardProfile BOARD = new BoardProfile("bench", "benchmark board (room for many containers)",
            64_000_000, 1L << 40, 1L << 40, 1L << 40, MAX_CONTAINERS);

    public final SimulatedDevice device;
    public final HookRegistry hooks = new HookRegistry();
    public final SchedHookProvider sched = new SchedHookProvider();
    public final HookSpec schedSpec;

    public BenchPlatform(EnginePolicy compile) {
        device = new SimulatedDevice("dev0", BOARD, compile);
        device.putTenant(new Tenant(TENANT, Set.of(Tenant.ANY_HOOK), HelperNumbers.ALL,
                new Tenant.Quotas(MAX_CONTAINERS, 1L << 40, 512)));
        sched.activate(Map.of("workers", "1"));
        hooks.addDevice(device);
        hooks.addProvider(sched);
        schedSpec = sched.spec();
    }

    /** The sched hook on dev0, as its provider fires it on every thread switch. */
    public HookPoint schedPoint() {
        return hooks.point("dev0", SchedHookProvider.NAME).orElseThrow();
    }

    /** Installs {@code image} as {@code id} for the sched hook and attaches it at the end of the chain. */
    public ContainerId installOnSched(String id, byte[] image) {
        ContainerId cid = ContainerId.of(id);
        try {
            device.install(cid, image, TENANT, schedSpec, null);
        } catch (InstallException e) {
            throw new IllegalStateException(e.describe(), e);
        }
        hooks.attach("dev0", cid, ChainPolicy.CONTINUE, HookManager.APPEND, Map.of());
        return cid;
    }

    @Override
    public void close() throws InterruptedException {
        hooks.removeProvider(sched);
        sched.deactivate();
    }
}
