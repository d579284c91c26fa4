package io.femto4j.vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The mutable state of one run: registers and pc between stretches of the dispatch loop (which works on local
 * copies), the stack and its frames, the memory with a cache of the last region hit for reads and for writes, and
 * the fault that ended the run. It is also the {@link HelperContext} handed to helpers. Confined to the thread that
 * called {@link Vm#run}.
 */
final class Run implements HelperContext {
    static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final String STACK = "stack";
    private static final byte[] NO_BYTES = new byte[0];

    final Vm vm;
    final long[] consts;
    final int[] units;
    /** The registers between loop invocations (the loop works on a local copy). */
    long[] regs;
    final Memory memory;
    /**
     * The stack, allocated (zeroed) on first use when the program never names r10 (see {@link Vm#namesR10}): such a
     * program reaches it only through an address it computed, and most never do, so most runs of it skip zeroing a
     * few KiB. Until then a zero-length array, which no access fits, so every access to it takes the slow path that
     * calls {@link #stackIndex}.
     */
    byte[] stack;
    final int stackSize;
    final long stackBase;

    // Read and write windows: the region of the last successful access, as (bytes, guest start, length). Most
    // programs work in one region at a time, so a hit costs a subtraction and a compare. The write window only
    // ever holds writable regions, which is how stores get their permission check for free.
    byte[] rb;
    long rs;
    long rl;
    byte[] wb;
    long ws;
    long wl;

    // Interpreter state handed between the dispatch loop and its driver (see Vm.execute).
    int pc;
    long left;
    int depth;
    long[] saved;
    final int frameSize;
    final int maxDepth;
    final long budget;

    /** Set when the run must end: the fault, or null for a helper's stop (then r0 is already set). */
    Fault fault;

    // The helper being called, or -1 outside helper calls (the context is then unusable).
    private int helper = -1;
    private boolean stopped;
    private long stopValue;

    Run(Vm vm, Memory memory, int stackSize, boolean eagerStack, int frameSize, int maxDepth, long budget) {
        this.vm = vm;
        this.consts = vm.consts;
        this.units = vm.units;
        this.frameSize = frameSize;
        this.maxDepth = maxDepth;
        this.budget = budget;
        this.left = budget;
        this.memory = memory;
        this.stackSize = stackSize;
        this.stack = eagerStack ? new byte[stackSize] : NO_BYTES;
        this.stackBase = Memory.STACK_AREA_END - stackSize;
        // Windows start empty (length 0 holds nothing); the stack is checked separately anyway.
        rb = wb = NO_BYTES;
    }

    // ---- program accesses ----------------------------------------------------------------------------------

    /**
     * Called when a load or store missed both the window and the stack: points the read (or write) window at the
     * region holding all of {@code [address, address + size)}, or records the fault and returns false.
     */
    boolean refill(long address, int size, boolean write, int pc) {
        int k = memory.find(address, size);
        if (k < 0) {
            fault = new Fault.OutOfBounds(pc, address, size, write ? Fault.Access.WRITE : Fault.Access.READ,
                    nearest(address));
            return false;
        }
        if (write) {
            if (!memory.writable[k]) {
                fault = new Fault.ReadOnlyWrite(pc, address, size, memory.names[k]);
                return false;
            }
            wb = memory.bytes[k];
            ws = memory.starts[k];
            wl = memory.lengths[k];
        } else {
            rb = memory.bytes[k];
            rs = memory.starts[k];
            rl = memory.lengths[k];
        }
        return true;
    }

    /**
     * Points the read window, and the write window if it is writable, at the region holding the byte at
     * {@code address}, if any: a run's first guess of where it will work (its context, in r1), which spares the
     * first access a miss. Records no fault.
     */
    void startWindowsAt(long address) {
        int k = memory.find(address, 1);
        if (k < 0) {
            return;
        }
        rb = memory.bytes[k];
        rs = memory.starts[k];
        rl = memory.lengths[k];
        if (memory.writable[k]) {
            wb = rb;
            ws = rs;
            wl = rl;
        }
    }

    /** Index of {@code [address, address + size)} in the stack (allocating it if need be), or -1. */
    int stackIndex(long address, int size) {
        long i = address - stackBase;
        if (i >= 0 && i <= stackSize - size) {
            stack();
            return (int) i;
        }
        return -1;
    }

    /** The stack, allocated now if it was not yet. */
    byte[] stack() {
        byte[] b = stack;
        if (b.length == 0) {
            stack = b = new byte[stackSize];
        }
        return b;
    }

    private String nearest(long address) {
        int k = memory.nearest(address);
        long stackDistance = Long.compareUnsigned(address, stackBase) < 0 ? stackBase - address
                : Long.compareUnsigned(address, Memory.STACK_AREA_END) >= 0 ? address - Memory.STACK_AREA_END + 1 : 0;
        if (k < 0) {
            return STACK;
        }
        long last = memory.starts[k] + memory.lengths[k] - 1;
        long regionDistance = Long.compareUnsigned(address, memory.starts[k]) < 0 ? memory.starts[k] - address
                : Long.compareUnsigned(address, last) > 0 ? address - last : 0;
        return Long.compareUnsigned(stackDistance, regionDistance) < 0 ? STACK : memory.names[k];
    }

    /** Executes atomic word {@code w} (ATOMIC32 or ATOMIC64); false after recording a fault. */
    boolean atomic(long w, long[] r, int pc) {
        boolean wide = Ops.op(w) == Ops.ATOMIC64;
        long address = r[Ops.dst(w)] + Ops.offset(w);
        int size = wide ? 8 : 4;
        int i = stackIndex(address, size);
        byte[] b = stack;
        if (i < 0) {
            long x = address - ws;
            if (x < 0 || x > wl - size) {
                if (!refill(address, size, true, pc)) {
                    return false;
                }
                x = address - ws;
            }
            b = wb;
            i = (int) x;
        }
        if (b == stack) {
            // The stack is private to this run: nobody else can observe the read-modify-write.
            applyAtomic(b, i, wide, Ops.imm(w), Ops.src(w), r);
        } else {
            // Regions may be shared by concurrent runs; atomics on one byte array exclude each other. (Plain
            // loads and stores racing with them are the host's business, as with any shared memory.)
            synchronized (b) {
                applyAtomic(b, i, wide, Ops.imm(w), Ops.src(w), r);
            }
        }
        return true;
    }

    private static void applyAtomic(byte[] b, int i, boolean wide, int code, int s, long[] r) {
        long old = wide ? (long) I64.get(b, i) : (int) I32.get(b, i) & 0xffffffffL;
        long v = r[s];
        long result;
        switch (code & ~Translator.FETCH) {
            case 0x00: result = old + v; break;
            case 0x40: result = old | v; break;
            case 0x50: result = old & v; break;
            case 0xa0: result = old ^ v; break;
            case Translator.XCHG & ~Translator.FETCH: result = v; break;
            case Translator.CMPXCHG & ~Translator.FETCH: {
                long expected = wide ? r[0] : r[0] & 0xffffffffL;
                result = old == expected ? v : old;
                r[0] = old;
                store(b, i, wide, result);
                return;
            }
            default:
                // The decoder admits no other codes; leaving memory untouched is the harmless reading.
                return;
        }
        store(b, i, wide, result);
        if ((code & Translator.FETCH) != 0) {
            r[s] = old;
        }
    }

    private static void store(byte[] b, int i, boolean wide, long v) {
        if (wide) {
            I64.set(b, i, v);
        } else {
            I32.set(b, i, (int) v);
        }
    }

    // ---- helper calls --------------------------------------------------------------------------------------

    /**
     * Calls the helper at dense index {@code index} with r1..r5 and puts its result in r0. False when the run
     * must end: a fault was recorded, or the helper stopped the program (then r0 holds the value to return).
     * r1 to r5 are left as they were: RFC 9669 makes them undefined after a call, and keeping them is the
     * cheapest definition that leaks nothing.
     */
    boolean call(int index, int pc, long[] r) {
        Vm v = vm;
        helper = index;
        try {
            r[0] = v.helperAt(index).call(this, r[1], r[2], r[3], r[4], r[5]);
        } catch (GuestMemoryException e) {
            fault = new Fault.HelperOutOfBounds(pc, v.helperNumber(index), v.helperName(index), e.address(), e.size(),
                    e.access(), e.region(), e.readOnly());
            return false;
        } catch (HelperFault e) {
            fault = new Fault.HelperFailed(pc, v.helperNumber(index), v.helperName(index), String.valueOf(e.getMessage()));
            return false;
        } catch (RuntimeException e) {
            // A host bug, not the program's; still the run ends with an outcome, and the reason says what happened.
            fault = new Fault.HelperFailed(pc, v.helperNumber(index), v.helperName(index), "threw " + e);
            return false;
        } finally {
            helper = -1;
        }
        if (stopped) {
            r[0] = stopValue;
            return false;
        }
        return true;
    }

    /** {@code callx}: the helper number is a register value, checked here against the table and the policy. */
    boolean callx(long number, int pc, long[] r) {
        Vm v = vm;
        int index = number == (int) number ? v.helperIndex((int) number) : -1;
        if (index < 0) {
            fault = new Fault.UnknownHelper(pc, number);
            return false;
        }
        if (!v.helperAllowed(index)) {
            fault = new Fault.HelperNotAllowed(pc, (int) number, v.helperName(index));
            return false;
        }
        return call(index, pc, r);
    }

    // ---- HelperContext -------------------------------------------------------------------------------------

    private void active() {
        if (helper < 0) {
            throw new IllegalStateException("a HelperContext is usable only during the helper call it was passed to");
        }
    }

    @Override
    public int helperNumber() {
        active();
        return vm.helperNumber(helper);
    }

    @Override
    public String helperName() {
        active();
        return vm.helperName(helper);
    }

    @Override
    public void stop(long r0) {
        active();
        stopped = true;
        stopValue = r0;
    }

    /** The array and index holding {@code [address, address + length)}, for a helper; throws if not allowed. */
    private long locate(long address, long length, boolean write) throws GuestMemoryException {
        long i = address - stackBase;
        if (i >= 0 && length <= stackSize && i <= stackSize - length) {
            return -1 - i; // negative: stack
        }
        int k = memory.find(address, length);
        Fault.Access access = write ? Fault.Access.WRITE : Fault.Access.READ;
        if (k < 0) {
            int touched = memory.touching(address, length);
            throw new GuestMemoryException(address, length, access, touched >= 0 ? memory.names[touched] : nearest(address), false);
        }
        if (write && !memory.writable[k]) {
            throw new GuestMemoryException(address, length, access, memory.names[k], true);
        }
        return k;
    }

    private byte[] arrayOf(long where) {
        return where < 0 ? stack() : memory.bytes[(int) where];
    }

    private int indexOf(long where, long address) {
        return where < 0 ? (int) (-1 - where) : (int) (address - memory.starts[(int) where]);
    }

    @Override
    public void read(long address, byte[] dst, int offset, int length) throws GuestMemoryException {
        active();
        java.util.Objects.checkFromIndexSize(offset, length, dst.length);
        if (length == 0) {
            return;
        }
        long where = locate(address, length, false);
        System.arraycopy(arrayOf(where), indexOf(where, address), dst, offset, length);
    }

    /**
     * Checks the range before allocating: the length usually comes from the program, and the interface's default
     * would allocate it first (up to 2 GiB of host heap, or an OutOfMemoryError out of {@link Vm#run}). After the
     * check the copy is at most the size of a region or the stack, which the host has allocated already.
     */
    @Override
    public byte[] read(long address, int length) throws GuestMemoryException {
        active();
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length == 0) {
            return NO_BYTES;
        }
        long where = locate(address, length, false);
        byte[] out = new byte[length];
        System.arraycopy(arrayOf(where), indexOf(where, address), out, 0, length);
        return out;
    }

    @Override
    public void write(long address, byte[] src, int offset, int length) throws GuestMemoryException {
        active();
        java.util.Objects.checkFromIndexSize(offset, length, src.length);
        if (length == 0) {
            return;
        }
        long where = locate(address, length, true);
        System.arraycopy(src, offset, arrayOf(where), indexOf(where, address), length);
    }

    @Override
    public long readInt(long address, int size) throws GuestMemoryException {
        active();
        checkSize(size);
        long where = locate(address, size, false);
        byte[] b = arrayOf(where);
        int i = indexOf(where, address);
        switch (size) {
            case 1: return b[i] & 0xffL;
            case 2: return (short) I16.get(b, i) & 0xffffL;
            case 4: return (int) I32.get(b, i) & 0xffffffffL;
            default: return (long) I64.get(b, i);
        }
    }

    @Override
    public void writeInt(long address, int size, long value) throws GuestMemoryException {
        active();
        checkSize(size);
        long where = locate(address, size, true);
        byte[] b = arrayOf(where);
        int i = indexOf(where, address);
        switch (size) {
            case 1: b[i] = (byte) value; break;
            case 2: I16.set(b, i, (short) value); break;
            case 4: I32.set(b, i, (int) value); break;
            default: I64.set(b, i, value); break;
        }
    }

    private static void checkSize(int size) {
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new IllegalArgumentException("integer size must be 1, 2, 4 or 8: " + size);
        }
    }
}
