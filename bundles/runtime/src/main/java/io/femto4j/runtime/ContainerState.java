package io.femto4j.runtime;

/**
 * Where a container is in its life: load, verified, installed, attached, detached, uninstalled. {@code install}
 * passes through {@link #LOADED} and {@link #VERIFIED} atomically (a container that fails either is never
 * registered), so callers only ever see the later states. A fault is not a state: it is counted in the
 * statistics and the container stays attached, because one bad event must not take a monitoring probe off its
 * hook for the others; the hook manager may detach a container that faults too often.
 */
public enum ContainerState {
    LOADED, VERIFIED, INSTALLED, ATTACHED, DETACHED, UNINSTALLED;

    /** Whether {@code next} may follow this state. */
    public boolean canMoveTo(ContainerState next) {
        return switch (this) {
            case LOADED -> next == VERIFIED;
            case VERIFIED -> next == INSTALLED;
            case INSTALLED, DETACHED -> next == ATTACHED || next == UNINSTALLED;
            case ATTACHED -> next == DETACHED;
            case UNINSTALLED -> false;
        };
    }
}
