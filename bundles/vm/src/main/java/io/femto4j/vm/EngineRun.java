package io.femto4j.vm;

import java.util.Objects;

/**
 * For execution engines other than the interpreter (the compiler in io.femto4j.jit), not for hosts: the state of one
 * run that an engine shares with the interpreter so that both give the same results. It owns the run's stack and
 * memory (the given memory plus the program's sections, as {@link Vm#run} merges them), finds the region of an
 * access and records the same typed fault the interpreter would, calls helpers with the interpreter's own
 * {@link HelperContext} and fault mapping, and executes atomics. Registers and control stay with the engine.
 *
 * <p>Confined to one thread, like a run of the interpreter. Every method that can fault returns a failure
 * indication and leaves the fault in {@link #fault()}.
 */
public final class EngineRun {
    private final Run run;
    // The array, guest start address and index of the last successful locate().
    private byte[] found;
    private long foundStart;

    private EngineRun(Run run) {
        this.run = run;
    }

    /**
     * Starts a run of {@code vm}'s program on {@code memory} with a fresh zeroed stack of
     * {@code policy.maxCallDepth()} frames, laid out as the interpreter lays it out: it ends at
     * {@link Memory#STACK_AREA_END}, the entry frame at the top.
     *
     * @throws IllegalArgumentException if the budget is not positive, or memory overlaps the sections
     */
    public static EngineRun start(Vm vm, Memory memory, long budget) {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(memory, "memory");
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be at least 1 instruction: " + budget);
        }
        Memory merged = vm.withSections(memory); // the interpreter's cache: no merging per run of the same memory
        var policy = vm.program().policy();
        return new EngineRun(new Run(vm, merged, policy.stackSize(), vm.namesR10, policy.frameSize(),
                policy.maxCallDepth(), budget));
    }

    /**
     * The run's stack, allocated now if it was not yet (for a program that never names r10 it is allocated only
     * when used); guest address {@link #stackBase()} is index 0.
     */
    public byte[] stack() {
        return run.stack();
    }

    /** Guest address of the stack's first byte: {@code STACK_AREA_END - stack().length}. */
    public long stackBase() {
        return run.stackBase;
    }

    /**
     * Finds the stack or region holding all of {@code [address, address + size)} for a load ({@code write}
     * false) or a store; for a store it must be writable. On success returns the index of {@code address} in
     * {@link #found()}, whose guest start is {@link #foundStart()}. Otherwise records the interpreter's fault for
     * the instruction at {@code pc} ({@link Fault.OutOfBounds} or {@link Fault.ReadOnlyWrite}) and returns -1.
     */
    public int locate(long address, int size, boolean write, int pc) {
        int i = run.stackIndex(address, size);
        if (i >= 0) {
            found = run.stack();
            foundStart = run.stackBase;
            return i;
        }
        if (!run.refill(address, size, write, pc)) {
            return -1;
        }
        if (write) {
            found = run.wb;
            foundStart = run.ws;
        } else {
            found = run.rb;
            foundStart = run.rs;
        }
        return (int) (address - foundStart);
    }

    /**
     * Sets the run's read and write windows as the interpreter starts them: on the region holding the byte at
     * {@code address} (the context, in r1), the write window only if that region is writable, else empty. An
     * engine with windows of its own copies them from {@link #readWindow()} and {@link #writeWindow()}.
     */
    public void startWindowsAt(long address) {
        run.startWindowsAt(address);
    }

    /** The read window's bytes (empty when none), whose guest start is {@link #readWindowStart()}. */
    public byte[] readWindow() {
        return run.rb;
    }

    public long readWindowStart() {
        return run.rs;
    }

    /** The write window's bytes (empty when none; only ever writable memory), from {@link #writeWindowStart()}. */
    public byte[] writeWindow() {
        return run.wb;
    }

    public long writeWindowStart() {
        return run.ws;
    }

    /** The bytes found by the last successful {@link #locate}. */
    public byte[] found() {
        return found;
    }

    /** Guest address of {@code found()[0]}. */
    public long foundStart() {
        return foundStart;
    }

    /**
     * Dense index of helper {@code number} in the program's table, or -1 when it is not registered; {@code -2}
     * when it is registered but the program's policy does not allow it.
     */
    public static int helperIndex(Vm vm, int number) {
        int index = vm.helperIndex(number);
        if (index < 0) {
            return -1;
        }
        return vm.helperAllowed(index) ? index : -2;
    }

    /**
     * Calls the helper at dense {@code index} (from {@link #helperIndex}) with {@code r[1..5]}, as {@code call} at
     * {@code pc}: the result goes to {@code r[0]}. False when the run must end: a fault was recorded, or the helper
     * stopped the program and {@code r[0]} holds the value to return.
     */
    public boolean call(int index, int pc, long[] r) {
        return run.call(index, pc, r);
    }

    /** {@code callx} at {@code pc} with helper number {@code number}; as {@link #call}. */
    public boolean callx(long number, int pc, long[] r) {
        return run.callx(number, pc, r);
    }

    /**
     * Executes an atomic at {@code pc} on registers {@code r} (r[10] must hold the frame pointer): 4 or 8 bytes at
     * {@code r[dst] + offset}, operation code {@code imm} as encoded. False after recording a fault.
     */
    public boolean atomic(boolean wide, int dst, int src, int offset, int imm, int pc, long[] r) {
        return run.atomic(Ops.word(wide ? Ops.ATOMIC64 : Ops.ATOMIC32, dst, src, offset, imm), r, pc);
    }

    /** The fault that ended the run, or null (then a helper stopped the program). */
    public Fault fault() {
        return run.fault;
    }
}
