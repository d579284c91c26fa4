package io.femto4j.board;

import io.femto4j.runtime.ContainerInfo;
import io.femto4j.runtime.ContainerRuntime;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.InstallException;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.Tenant;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SaulDevice;
import io.femto4j.runtime.store.ContainerId;
import io.femto4j.runtime.store.TenantId;

import java.util.List;

/**
 * One simulated device of the platform: a board profile, the container runtime that hosts the device's
 * femto-containers, and the board's simulated peripherals. Published as an OSGi service by the device
 * manager (service properties {@link #DEVICE_NAME} and {@link BoardProvider#BOARD_ID}); hook providers and the
 * shell find devices through it.
 *
 * <p>Install through {@link #install} rather than {@code runtime().install}: only the device checks the board's
 * limits over all tenants together (each tenant's runtime quotas are already capped at the board's) and
 * remembers the program's instruction mix for {@link #estimate}.
 */
public interface Device {

    /** Service property: the device's {@link #name()}. */
    String DEVICE_NAME = "device.name";

    /** Unique name of the device on this platform, e.g. {@code "dev0"}. */
    String name();

    /** The board this device runs on. */
    BoardProfile board();

    /** The containers of this device. */
    ContainerRuntime runtime();

    /**
     * Installs a container (as {@link ContainerRuntime#install(ContainerId, byte[], TenantId, HookSpec, String)})
     * after checking it fits the board: at most {@link BoardProfile#maxContainers()} containers, and the memory of
     * all containers plus the tenants' store reservations within {@link BoardProfile#containerMemoryBytes()}.
     *
     * @throws InstallException stage QUOTA with a message naming the board limit that does not fit, or whatever
     *                          the runtime refuses
     */
    ContainerInfo install(ContainerId id, byte[] image, TenantId tenant, HookSpec hook, String entry)
            throws InstallException;

    /**
     * Replaces the image of an installed container (as {@link ContainerRuntime#replace(ContainerId, byte[], String)}:
     * the new image is loaded and verified under the container's tenant and hook while the old one keeps running,
     * then swapped in atomically; on any failure nothing changes). A device also checks that the new image fits the
     * board. This default only delegates to the runtime.
     *
     * @throws InstallException naming what does not load, verify or fit
     */
    default ContainerInfo replace(ContainerId id, byte[] image, String entry) throws InstallException {
        return runtime().replace(id, image, entry);
    }

    /**
     * As {@link #install(ContainerId, byte[], TenantId, HookSpec, String)}, with {@code compile} instead of the
     * device's configured {@link EnginePolicy} (null: the configured one). Later replaces keep it.
     *
     * @throws InstallException stage REQUEST if this device cannot choose engines per container, or as the other
     *                          install
     */
    default ContainerInfo install(ContainerId id, byte[] image, TenantId tenant, HookSpec hook, String entry,
                                  EnginePolicy compile) throws InstallException {
        if (compile != null) {
            throw new InstallException(InstallException.Stage.REQUEST, "device " + name()
                    + " does not choose engines per container");
        }
        return install(id, image, tenant, hook, entry);
    }

    /** Uninstalls a container (as {@link ContainerRuntime#uninstall}) and forgets its instruction mix. */
    void uninstall(ContainerId id);

    /** Runs an attached container (as {@link ContainerRuntime#run}) and estimates the run's time on the board. */
    BoardRun run(ContainerId id, Invocation invocation);

    /** The estimated board time of {@code instructions} executed by container {@code id}. */
    TimeEstimate estimate(ContainerId id, long instructions);

    /** Registers or updates a tenant, its quotas capped at what the board can give. */
    void putTenant(Tenant tenant);

    /** The tenants registered on this device, by name. */
    List<Tenant> tenants();

    /** Bytes of the board's container budget in use: containers plus the tenants' store reservations. */
    long memoryUsed();

    /** The simulated SAUL devices, in registry order. */
    List<SaulDevice> saul();

    /**
     * Sets a simulated reading (a sensor) or state (an actuator), which later reads return.
     *
     * @throws IllegalArgumentException if the device has no SAUL device of that name
     */
    void setReading(String saulName, Phydat value);
}
