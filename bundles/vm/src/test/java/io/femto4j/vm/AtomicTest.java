package io.femto4j.vm;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** All atomic operations, 32- and 64-bit, on a region and on the stack. */
class AtomicTest {
    static final long OLD = 0x1234_5678_9abc_def0L;
    static final long SRC = 0x0f0f_0f0f_f0f0_f0f0L;

    /** Memory word after the op, r0 and r2 (src) after it: runs with [r1] = OLD, r2 = SRC, r0 = r0in. */
    static long[] atomic(Op op, long r0in) {
        byte[] mem = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(OLD).array();
        // r3 = r0 after, r4 = src after; return via memory: store them after the word
        byte[] all = new byte[24];
        System.arraycopy(mem, 0, all, 0, 8);
        Outcome o = runWith(all, lddw(0, r0in), lddw(2, SRC), i(op, 1, 2, 0, op.discriminator()),
                i(Op.STXDW, 1, 0, 8, 0), i(Op.STXDW, 1, 2, 16, 0), exit());
        r0(o);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        return new long[] {b.getLong(0), b.getLong(8), b.getLong(16)};
    }

    static void check(Op op, long r0in, long mem, long r0, long src) {
        long[] got = atomic(op, r0in);
        assertEquals(Long.toHexString(mem), Long.toHexString(got[0]), op + " memory");
        assertEquals(Long.toHexString(r0), Long.toHexString(got[1]), op + " r0");
        assertEquals(Long.toHexString(src), Long.toHexString(got[2]), op + " src");
    }

    static final long LO = 0xffff_ffffL;
    static final long HI = OLD & ~LO;

    @Test
    void atomics64() {
        check(Op.ATOMIC64_ADD, 0, OLD + SRC, 0, SRC);
        check(Op.ATOMIC64_OR, 0, OLD | SRC, 0, SRC);
        check(Op.ATOMIC64_AND, 0, OLD & SRC, 0, SRC);
        check(Op.ATOMIC64_XOR, 0, OLD ^ SRC, 0, SRC);
        check(Op.ATOMIC64_FETCH_ADD, 0, OLD + SRC, 0, OLD);
        check(Op.ATOMIC64_FETCH_OR, 0, OLD | SRC, 0, OLD);
        check(Op.ATOMIC64_FETCH_AND, 0, OLD & SRC, 0, OLD);
        check(Op.ATOMIC64_FETCH_XOR, 0, OLD ^ SRC, 0, OLD);
        check(Op.ATOMIC64_XCHG, 0, SRC, 0, OLD);
        check(Op.ATOMIC64_CMPXCHG, OLD, SRC, OLD, SRC); // match: memory replaced, r0 = old
        check(Op.ATOMIC64_CMPXCHG, 5, OLD, OLD, SRC);   // no match: memory kept, r0 = old
    }

    @Test
    void atomics32TouchTheLowWordAndZeroExtend() {
        long o = OLD & LO;
        long s = SRC & LO;
        check(Op.ATOMIC32_ADD, 0, HI | (o + s) & LO, 0, SRC);
        check(Op.ATOMIC32_OR, 0, HI | (o | s), 0, SRC);
        check(Op.ATOMIC32_AND, 0, HI | (o & s), 0, SRC);
        check(Op.ATOMIC32_XOR, 0, HI | (o ^ s), 0, SRC);
        check(Op.ATOMIC32_FETCH_ADD, 0, HI | (o + s) & LO, 0, o);
        check(Op.ATOMIC32_FETCH_OR, 0, HI | (o | s), 0, o);
        check(Op.ATOMIC32_FETCH_AND, 0, HI | (o & s), 0, o);
        check(Op.ATOMIC32_FETCH_XOR, 0, HI | (o ^ s), 0, o);
        check(Op.ATOMIC32_XCHG, 0, HI | s, 0, o);
        check(Op.ATOMIC32_CMPXCHG, 0xdead_0000_0000_0000L | o, HI | s, o, SRC); // compares low 32 bits of r0
        check(Op.ATOMIC32_CMPXCHG, 1, OLD, o, SRC);
    }

    @Test
    void atomicsOnTheStack() {
        assertR0(12, run(movImm(1, 5), i(Op.STXDW, 10, 1, -8, 0), movImm(2, 7),
                i(Op.ATOMIC64_ADD, 10, 2, -8, 0), i(Op.LDXDW, 0, 10, -8, 0), exit()));
    }

    @Test
    void atomicFaults() {
        fault(Fault.OutOfBounds.class, runWith(new byte[4], i(Op.ATOMIC64_ADD, 1, 2, 0, 0), exit()));
        Vm vm = vm(i(Op.ATOMIC32_ADD, 1, 2, 0, 0), exit());
        Fault.ReadOnlyWrite ro = fault(Fault.ReadOnlyWrite.class,
                vm.run(Memory.of(Region.readOnly("ro", MEM, new byte[8])), MEM, 8, BUDGET));
        assertEquals("ro", ro.region());
    }
}
