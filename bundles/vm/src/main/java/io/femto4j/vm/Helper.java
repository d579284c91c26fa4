package io.femto4j.vm;

/**
 * A host function a program may call by number ({@code call N} or {@code callx}). Arguments come from r1 to r5,
 * the result goes to r0. Pointers among the arguments are guest addresses: read and write through {@code ctx},
 * which checks them against the run's regions and stack. Helpers run on the thread that called
 * {@link Vm#run}; a helper used by concurrent runs must be thread-safe itself.
 */
@FunctionalInterface
public interface Helper {
    long call(HelperContext ctx, long r1, long r2, long r3, long r4, long r5) throws HelperFault;
}
