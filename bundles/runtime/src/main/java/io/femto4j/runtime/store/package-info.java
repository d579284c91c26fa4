/**
 * Key-value stores of femto-containers: uint32 keys to uint32 values in three scopes, {@link
 * io.femto4j.runtime.store.Scope#LOCAL LOCAL} (per container), {@link io.femto4j.runtime.store.Scope#TENANT
 * TENANT} (shared by one tenant's containers) and {@link io.femto4j.runtime.store.Scope#GLOBAL GLOBAL} (shared
 * by all), with per-container and per-tenant quotas.
 *
 * <p>{@link io.femto4j.runtime.store.StoreService} owns the stores of a platform and states the quota and
 * uninstall rules; {@link io.femto4j.runtime.store.ContainerStores} is what one container's helpers use;
 * {@link io.femto4j.runtime.store.KeyValueStore} has the atomic operations, answering
 * {@link io.femto4j.runtime.store.StoreStatus} codes (mirrored in {@code sdk/include/femto4j.h}) instead of
 * throwing. Plain Java: no OSGi types, so the same classes serve the CLI and tests.
 */
package io.femto4j.runtime.store;
