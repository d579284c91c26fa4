/**
 * Hooks for femto-containers: {@link io.femto4j.hooks.HookProvider} services declare hooks (whiteboard), the
 * {@link io.femto4j.hooks.HookManager} service attaches installed containers to them per device, in order and
 * with a {@link io.femto4j.hooks.ChainPolicy}, and runs them when a hook fires.
 */
package io.femto4j.hooks;
