package io.femto4j.jit;

import io.femto4j.vm.EngineRun;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;
import io.femto4j.vm.Vm;
import io.femto4j.vm.Fault;
import io.femto4j.vm.Outcome;

import java.util.Objects;

/**
 * The state of one run of compiled code besides registers and control, which the generated methods keep in JVM
 * locals. The generated hidden class is in this package, so package access is enough.
 *
 * <p>Memory checks and faults are the interpreter's own ({@link EngineRun}): this class only caches the last region
 * used for reads and for writes (a "window") so that a hit costs a subtraction and a compare. The write window only
 * ever holds writable memory, which gives stores their permission check for free.
 */
final class JitRun {
    private final Vm vm;
    private final Memory memory;
    /**
     * The interpreter's run state, made at the first need of it (a window miss, the stack, a helper, an atomic, a
     * fault): a run that stays in the windows it starts with, as most do, never pays for it. Made at once when the
     * program has sections, which it merges into the memory.
     */
    private EngineRun er;
    final long budget;
    /** The run's r1 and r2, which the entry function starts with. */
    final long r1;
    final long r2;
    /** r0 when the entry function returned. */
    long r0;
    /**
     * Registers handed between generated methods: arguments of a local call, results, and a step method's entry;
     * allocated by the first of them (see {@link #regs()}), as many runs have none.
     */
    private long[] regs;
    /**
     * Registers for helper calls and atomics ({@link EngineRun} reads and writes them by number); allocated by the
     * first of them, as most runs make none.
     */
    private long[] hr;
    /** Budget left, handed between generated methods (each keeps its own copy in a local meanwhile). */
    long left;
    /** Slot at which a step method starts. */
    int stepPc;
    /** Set when a helper call or atomic ended the run; the fault (if any) is in {@code er.fault()}. */
    boolean ended;
    /** Counted loops entered on their fast path (see {@code Compiler.CountedLoop}), for tests. */
    int countedLoops;
    /** How the run ended, when the generated code returned false. */
    Outcome outcome;

    byte[] rb;
    long rs;
    long rl;
    byte[] wb;
    long ws;
    long wl;

    /** A run of {@code vm}'s program on {@code memory}; as {@link EngineRun#start}, the budget must be positive. */
    JitRun(Vm vm, Memory memory, long budget, long r1, long r2) {
        this.vm = Objects.requireNonNull(vm, "vm");
        this.memory = Objects.requireNonNull(memory, "memory");
        if (budget <= 0) {
            throw new IllegalArgumentException("budget must be at least 1 instruction: " + budget);
        }
        this.budget = budget;
        this.left = budget;
        this.r1 = r1;
        this.r2 = r2;
        // Most programs work on their context: both windows start on its region (as the interpreter's do), so the
        // first access hits and C2 sees no misses in a program that never has one.
        Sections sections = vm.sections();
        if (sections.data() != null || sections.rodata() != null) {
            EngineRun e = er();
            e.startWindowsAt(r1);
            rb = e.readWindow();
            rs = e.readWindowStart();
            wb = e.writeWindow();
            ws = e.writeWindowStart();
        } else {
            rb = wb = NO_BYTES;
            Region r = memory.regionAt(r1);
            if (r != null) {
                rb = r.bytes();
                rs = r.start();
                if (r.writable()) {
                    wb = rb;
                    ws = rs;
                }
            }
        }
        rl = rb.length;
        wl = wb.length;
    }

    private static final byte[] NO_BYTES = {};

    private EngineRun er() {
        EngineRun e = er;
        if (e == null) {
            er = e = EngineRun.start(vm, memory, budget);
        }
        return e;
    }

    /**
     * Index in {@link #rb} of a {@code size}-byte read at {@code a}, or -1 after recording the fault. A long, so that
     * the caller's {@code < 0} test is the same comparison as the hit test here, which HotSpot then folds away.
     */
    public long rIdx(long a, int size, int pc) {
        long x = a - rs;
        if (x >= 0 && x <= rl - size) {
            return x;
        }
        return rMiss(a, size, pc);
    }

    private long rMiss(long a, int size, int pc) {
        int i = er().locate(a, size, false, pc);
        if (i >= 0) {
            rb = er.found();
            rs = er.foundStart();
            rl = rb.length;
        }
        return i;
    }

    /** Index in {@link #wb} of a {@code size}-byte write at {@code a}, or -1 after recording the fault; as rIdx. */
    public long wIdx(long a, int size, int pc) {
        long x = a - ws;
        if (x >= 0 && x <= wl - size) {
            return x;
        }
        return wMiss(a, size, pc);
    }

    private long wMiss(long a, int size, int pc) {
        int i = er().locate(a, size, true, pc);
        if (i >= 0) {
            wb = er.found();
            ws = er.foundStart();
            wl = wb.length;
        }
        return i;
    }

    /** The run's stack (allocated by this call if it was not yet). */
    public byte[] stack() {
        return er().stack();
    }

    public byte[] rb() {
        return rb;
    }

    public byte[] wb() {
        return wb;
    }

    public long call(int index, int pc, long r1, long r2, long r3, long r4, long r5) {
        long[] r = hr();
        r[1] = r1;
        r[2] = r2;
        r[3] = r3;
        r[4] = r4;
        r[5] = r5;
        if (!er().call(index, pc, r)) {
            ended = true;
        }
        return r[0];
    }

    public long callx(long number, int pc, long r1, long r2, long r3, long r4, long r5) {
        long[] r = hr();
        r[1] = r1;
        r[2] = r2;
        r[3] = r3;
        r[4] = r4;
        r[5] = r5;
        if (!er().callx(number, pc, r)) {
            ended = true;
        }
        return r[0];
    }

    /** {@link #regs}, allocated now if need be. */
    public long[] regs() {
        long[] r = regs;
        if (r == null) {
            regs = r = new long[16];
        }
        return r;
    }

    /** {@link #hr}, allocated now if need be. */
    public long[] hr() {
        long[] r = hr;
        if (r == null) {
            hr = r = new long[16];
        }
        return r;
    }

    /** Atomic on {@link #hr}, where the caller put r0, dst and src; false after recording a fault. */
    public boolean atomic(boolean wide, int dst, int src, int offset, int imm, int pc) {
        return er().atomic(wide, dst, src, offset, imm, pc, hr());
    }

    /**
     * Ends the run after a recorded fault or a helper's stop, at an instruction followed by {@code rest} more of its
     * (already charged) unit: {@code budget - left - rest} instructions were executed.
     */
    public boolean end(long left, int rest) {
        long done = budget - left - rest;
        Fault f = er().fault();
        outcome = f != null ? new Outcome.Faulted(f, done) : new Outcome.Returned(hr()[0], done);
        return false;
    }

    public boolean exhausted(int pc) {
        outcome = new Outcome.Faulted(new Fault.BudgetExhausted(pc, budget), budget);
        return false;
    }

    public boolean unknownHelper(int pc, long number, long left, int rest) {
        outcome = new Outcome.Faulted(new Fault.UnknownHelper(pc, number), budget - left - rest);
        return false;
    }

    public boolean missingSection(int pc, boolean data, long left, int rest) {
        outcome = new Outcome.Faulted(new Fault.MissingSection(pc, data ? ".data" : ".rodata"), budget - left - rest);
        return false;
    }

    public boolean callDepth(int pc, int depth, long left, int rest) {
        outcome = new Outcome.Faulted(new Fault.CallDepthExceeded(pc, depth), budget - left - rest);
        return false;
    }

    /** A step method reached the end of a unit it was entered for: the compiler's budget arithmetic is wrong. */
    public boolean stepOverrun(int pc) {
        throw new IllegalStateException("compiled code: partial unit ran to its control transfer at " + pc);
    }
}
