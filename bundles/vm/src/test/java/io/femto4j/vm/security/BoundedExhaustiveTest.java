package io.femto4j.vm.security;

import io.femto4j.isa.Form;
import io.femto4j.isa.Op;
import io.femto4j.verifier.Policy;
import io.femto4j.vm.Memory;
import io.femto4j.vm.security.IsolationHarness.Layout;
import io.femto4j.vm.security.IsolationHarness.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The testing counterpart of CertFC's proof, bounded: every one-instruction program over all 256 opcode bytes,
 * with registers 0 to 10 and two invalid ones, boundary offsets and immediates, each followed by {@code exit};
 * then the same instructions preceded by an {@code lddw} that puts a boundary value (a region or stack edge, 0,
 * -1, 2^63, 2^63-1) into their source or destination register. Every program runs on every boundary layout of
 * {@link IsolationHarness} (low addresses, the top of the address space, adjacent regions of mixed permissions,
 * around 2^63, around the stack, no memory at all) and must be rejected by the verifier or end with Returned or
 * Faulted exactly as the reference interpreter does, with canaries and shadow copies intact.
 *
 * <p>Fields an opcode does not use take just two values (0 and a non-zero one, which the lenient policy must
 * ignore); this keeps the product small enough for CI (about 35 s on two shared cores) without losing a case the VM
 * could tell apart.
 */
class BoundedExhaustiveTest {
    static final int[] REGISTERS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15};
    static final int[] OFFSETS = {0, 1, -1, 8, -8, 63, 64, 511, -511, -512, -513, 32767, -32768};
    static final int[] IMMS = {0, 1, -1, 8, -8, 64, 512, -512, Integer.MIN_VALUE, Integer.MAX_VALUE, 0x1000_0000};
    static final int[] UNUSED_FIELD = {0, -1};
    static final int[] UNUSED_REGISTER = {0, 11};
    static final int[] HELPER_NUMBERS = {2, 3, 4, 5, 6, 7};
    static final long BUDGET = 8;
    /** A lenient, everything-allowed policy: the widest set of programs reaches the VM. */
    static final Policy POLICY = IsolationHarness.POLICY.withStrict(false);

    // The second phase: fewer register pairs and offsets, since the value comes from the prelude.
    static final int[][] PAIRS = {{1, 2}, {2, 1}, {3, 3}, {0, 4}, {4, 0}};
    static final int[] PRELUDE_OFFSETS = {0, 1, -1, 8, -8, -512, 32767, -32768};
    static final int[] PRELUDE_IMMS = {0, 1, -1, 8, Integer.MIN_VALUE, Integer.MAX_VALUE};
    static final long[] FIXED_VALUES = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1, 4, 6};

    /** Floors the counts must reach: a generator change that quietly drops most cases fails the test. */
    static final long MIN_PROGRAMS = 1_000_000;
    static final long MIN_RUNS = 300_000;

    @Test
    void everyBoundaryInstructionIsRejectedOrRunsIsolated() {
        LongAdder programs = new LongAdder();
        LongAdder rejected = new LongAdder();
        LongAdder returned = new LongAdder();
        LongAdder faulted = new LongAdder();
        long started = System.nanoTime();
        List<Layout> layouts = IsolationHarness.LAYOUTS;
        // One task per (layout, opcode): 1 536 tasks of uneven size, enough for the common pool to balance.
        IntStream.range(0, layouts.size() * 256).parallel().forEach(task -> {
            Layout layout = layouts.get(task / 256);
            int opcode = task % 256;
            long r1 = layout.specs().isEmpty() ? 0 : layout.specs().get(0).start();
            long r2 = layout.specs().isEmpty() ? 0 : layout.specs().get(0).length();
            long[] values = values(layout);
            long seed = task;
            for (byte[] code : programs(opcode, values)) {
                Verdict v = IsolationHarness.check(code, POLICY, layout, r1, r2, BUDGET, seed++);
                programs.increment();
                (v == Verdict.REJECTED ? rejected : v == Verdict.RETURNED ? returned : faulted).increment();
            }
        });
        long ms = (System.nanoTime() - started) / 1_000_000;
        long runs = returned.sum() + faulted.sum();
        System.out.printf("bounded-exhaustive: %d programs checked (%d rejected by the verifier, %d ran: %d returned,"
                        + " %d faulted) over %d layouts in %d ms%n", programs.sum(), rejected.sum(), runs,
                returned.sum(), faulted.sum(), layouts.size(), ms);
        assertTrue(programs.sum() >= MIN_PROGRAMS, "too few programs: " + programs.sum());
        assertTrue(runs >= MIN_RUNS, "too few programs ran: " + runs);
        assertTrue(faulted.sum() > 0 && returned.sum() > 0 && rejected.sum() > 0);
    }

    static long[] values(Layout layout) {
        Policy p = POLICY;
        long[] edges = layout.edges(p.frameSize(), p.stackSize());
        long[] all = new long[edges.length + FIXED_VALUES.length];
        System.arraycopy(edges, 0, all, 0, edges.length);
        System.arraycopy(FIXED_VALUES, 0, all, edges.length, FIXED_VALUES.length);
        return java.util.Arrays.stream(all).distinct().toArray();
    }

    /** All programs for one opcode byte: alone, then after each boundary-value prelude. */
    static List<byte[]> programs(int opcode, long[] values) {
        List<byte[]> out = new ArrayList<>();
        Fields f = Fields.of(opcode);
        for (int dst : f.dst(REGISTERS)) {
            for (int src : f.src(REGISTERS)) {
                for (int off : f.offsets(OFFSETS)) {
                    for (int imm : f.imms(IMMS)) {
                        out.add(program(null, 0, 0, opcode, dst, src, off, imm));
                    }
                }
            }
        }
        for (int[] pair : PAIRS) {
            int dst = f.usesDst ? pair[0] : 0;
            int src = f.usesSrc ? pair[1] : 0;
            for (int off : f.offsets(PRELUDE_OFFSETS)) {
                for (int imm : f.imms(PRELUDE_IMMS)) {
                    for (long value : values) {
                        out.add(program(Boolean.TRUE, dst, value, opcode, dst, src, off, imm));
                        if (src != dst) {
                            out.add(program(Boolean.TRUE, src, value, opcode, dst, src, off, imm));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** [lddw reg, value], the instruction (with a high slot for two-slot opcodes), exit. */
    static byte[] program(Boolean prelude, int reg, long value, int opcode, int dst, int src, int off, int imm) {
        boolean wide = opcode == 0x18 || opcode == 0xb8 || opcode == 0xd8;
        int slots = (prelude != null ? 2 : 0) + (wide ? 2 : 1) + 1;
        ByteBuffer b = ByteBuffer.allocate(slots * 8).order(ByteOrder.LITTLE_ENDIAN);
        if (prelude != null) {
            slot(b, 0x18, reg, 0, 0, (int) value);
            slot(b, 0x00, 0, 0, 0, (int) (value >>> 32));
        }
        slot(b, opcode, dst, src, off, imm);
        if (wide) {
            // the high half of the two-slot load: a boundary high word (the immediate's sign)
            slot(b, 0x00, 0, 0, 0, imm < 0 ? -1 : imm == Integer.MAX_VALUE ? 0x7fffffff : 0);
        }
        slot(b, 0x95, 0, 0, 0, 0);
        return b.array();
    }

    static void slot(ByteBuffer b, int opcode, int dst, int src, int off, int imm) {
        b.put((byte) opcode).put((byte) (src << 4 | dst)).putShort((short) off).putInt(imm);
    }

    /** Which fields any operation with this opcode byte reads, and the values that select among them. */
    record Fields(boolean usesDst, boolean usesSrc, boolean usesOffset, boolean usesImm, int[] srcSelectors,
                  int[] offSelectors, int[] immSelectors) {
        static Fields of(int opcode) {
            List<Op> ops = Op.withOpcode(opcode);
            boolean dst = false, src = false, off = false, imm = false;
            List<Integer> srcSel = new ArrayList<>(), offSel = new ArrayList<>(), immSel = new ArrayList<>();
            for (Op op : ops) {
                Form form = op.form();
                dst |= form.usesDst();
                src |= form.usesSrc();
                off |= form.usesOffset();
                imm |= form.usesImm();
                switch (form.discriminator()) {
                    case SRC -> srcSel.add(op.discriminator());
                    case OFFSET -> offSel.add(op.discriminator());
                    case IMM -> immSel.add(op.discriminator());
                    default -> { }
                }
                if (form == Form.CALL_HELPER) {
                    for (int n : HELPER_NUMBERS) {
                        immSel.add(n);
                    }
                }
            }
            return new Fields(dst, src, off, imm, ints(srcSel), ints(offSel), ints(immSel));
        }

        int[] dst(int[] all) {
            return usesDst ? all : UNUSED_REGISTER;
        }

        int[] src(int[] all) {
            return usesSrc ? all : union(UNUSED_REGISTER, srcSelectors);
        }

        int[] offsets(int[] all) {
            return union(usesOffset ? all : UNUSED_FIELD, offSelectors);
        }

        int[] imms(int[] all) {
            return union(usesImm ? all : UNUSED_FIELD, immSelectors);
        }

        private static int[] ints(List<Integer> list) {
            return list.stream().mapToInt(Integer::intValue).toArray();
        }

        private static int[] union(int[] a, int[] b) {
            return IntStream.concat(IntStream.of(a), IntStream.of(b)).distinct().toArray();
        }
    }

    @Test
    void layoutsSitAtTheEdgesTheyClaim() {
        // The layouts are the point of the test: make sure Memory accepts each of them as it is.
        for (Layout l : IsolationHarness.LAYOUTS) {
            long[] v = values(l);
            assertTrue(v.length >= FIXED_VALUES.length, l.name());
            if (!l.specs().isEmpty()) {
                Memory.of(l.specs().stream().map(s -> new io.femto4j.vm.Region(s.name(), s.start(), new byte[s.length()],
                        s.writable())).toArray(io.femto4j.vm.Region[]::new));
            }
        }
    }
}
