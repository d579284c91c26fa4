package io.femto4j.jit;

import io.femto4j.isa.Assembler;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.testing.ValidEncodings;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Engine;
import io.femto4j.vm.Fault;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;
import io.femto4j.vm.Vm;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Counted loops (single-unit loops the compiler runs without per-iteration budget and memory checks once guards at
 * their entry hold): the guards' arithmetic ({@link Loops}) against brute force, and compiled loops against the
 * interpreter on both paths, the fast one and the general one taken when a guard fails (a window that does not hold
 * every access, a budget that runs out inside the loop, a count that would wrap around).
 */
class CountedLoopTest {
    static final long MEM = 0x1000_0000L;
    static final long RODATA = 0x2000_0000L;
    static final String[] KINDS = {"ULT", "ULE", "UGT", "UGE", "SLT", "SLE", "SGT", "SGE", "NE"};

    /** Whether the back edge of {@code kind} is taken with the induction register at {@code v}, as eBPF compares. */
    static boolean holds(int kind, long v, long b) {
        if ((kind & Loops.LOW_HALVES) != 0) {
            // JMP32: the low halves, zero-extended for the unsigned kinds, sign-extended for the signed ones.
            kind &= ~Loops.LOW_HALVES;
            boolean unsigned = kind <= Loops.UGE;
            v = unsigned ? v & 0xffffffffL : (int) v;
            b = unsigned ? b & 0xffffffffL : (int) b;
        }
        return switch (kind) {
            case Loops.ULT -> Long.compareUnsigned(v, b) < 0;
            case Loops.ULE -> Long.compareUnsigned(v, b) <= 0;
            case Loops.UGT -> Long.compareUnsigned(v, b) > 0;
            case Loops.UGE -> Long.compareUnsigned(v, b) >= 0;
            case Loops.SLT -> v < b;
            case Loops.SLE -> v <= b;
            case Loops.SGT -> v > b;
            case Loops.SGE -> v >= b;
            case Loops.NE -> v != b;
            default -> throw new IllegalArgumentException("kind " + kind);
        };
    }

    /** The loop's iterations from v by brute force (with the machine's wrap-around), or -1 beyond {@code max}. */
    static long simulate(int kind, long v, long b, long c, long max) {
        for (long k = 1; k <= max; k++) {
            if (!holds(kind, v + k * c, b)) {
                return k;
            }
        }
        return -1;
    }

    static final long[] VALUES = {0, 1, 2, 3, 7, 100, 359, -1, -2, -100, Long.MAX_VALUE, Long.MIN_VALUE,
            Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1L << 61, (1L << 61) + 1, (1L << 61) - 1, -(1L << 61),
            -(1L << 61) - 1, 1L << 62, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff_ffffL, 1L << 32};
    static final long[] STEPS = {1, 2, 3, 8, 65536, Integer.MAX_VALUE, 1L << 31, -1, -2, -3, -8, -65536,
            Integer.MIN_VALUE, -(1L << 31)};

    @Test
    void tripsIsTheExactCountOrUnknown() {
        Random rnd = new Random(7);
        int known = 0;
        for (int round = 0; round < 400_000; round++) {
            int kind = rnd.nextInt(9) | (rnd.nextBoolean() ? Loops.LOW_HALVES : 0);
            long v = rnd.nextInt(3) == 0 ? VALUES[rnd.nextInt(VALUES.length)] + rnd.nextInt(5) - 2
                    : rnd.nextInt(400) - 200;
            long b = rnd.nextInt(3) == 0 ? VALUES[rnd.nextInt(VALUES.length)] + rnd.nextInt(5) - 2
                    : v + rnd.nextInt(400) - 200;
            long c = rnd.nextInt(2) == 0 ? STEPS[rnd.nextInt(STEPS.length)] : rnd.nextInt(17) - 8;
            int order = kind & ~Loops.LOW_HALVES;
            boolean up = order == Loops.ULT || order == Loops.ULE || order == Loops.SLT || order == Loops.SLE;
            if (c == 0 || up && c < 0 || !up && order != Loops.NE && c > 0) {
                continue; // the compiler never asks (Compiler.countedLoop)
            }
            long t = LoopModel.trips(kind, v, b, c);
            String what = KINDS[order] + (kind != order ? "32" : "") + " v=" + v + " b=" + b + " c=" + c + ": " + t;
            assertTrue(t >= 0 && t <= Integer.MAX_VALUE, what);
            if (t == 0) {
                continue;
            }
            known++;
            if (t <= 10_000) {
                assertEquals(simulate(kind, v, b, c, 10_000), t, what);
            } else {
                // Exact arithmetic: the test holds after 1 and t - 1 iterations, fails after t, and the values in
                // between lie on a line that wraps nowhere (all of them inside the range compared, so compared as is).
                boolean unsigned = order <= Loops.UGE;
                long from = kind == order ? v : unsigned ? v & 0xffffffffL : (int) v;
                BigInteger last = BigInteger.valueOf(from).add(BigInteger.valueOf(t).multiply(BigInteger.valueOf(c)));
                BigInteger min = BigInteger.valueOf(kind == order ? unsigned ? 0 : Long.MIN_VALUE
                        : unsigned ? 0 : Integer.MIN_VALUE);
                BigInteger max = BigInteger.valueOf(kind == order ? Long.MAX_VALUE
                        : unsigned ? 0xffffffffL : Integer.MAX_VALUE);
                assertTrue(last.compareTo(min) >= 0 && last.compareTo(max) <= 0, what);
                assertTrue(holds(kind, v + c, b) && holds(kind, v + (t - 1) * c, b), what);
                assertTrue(!holds(kind, v + t * c, b), what);
            }
        }
        assertTrue(known > 60_000, "known counts: " + known);
        // JMP32: a step past 2^32 - 1 wraps to a low value that is below the bound again; in the upper half,
        // sign-extended, a step past 2^31 - 1 does the same.
        assertEquals(0, LoopModel.trips(Loops.ULT | Loops.LOW_HALVES, 0xffff_fff0L, 0xffff_ffffL, 0x20));
        assertEquals(0, LoopModel.trips(Loops.SLT | Loops.LOW_HALVES, 0x7fff_fff0L, 0x7fff_ffffL, 0x20));
        assertEquals(1, LoopModel.trips(Loops.SLT, 0x7fff_fff0L, 0x7fff_ffffL, 0x20));
        // Only the low halves count: 2^32 + 5 counts as 5.
        assertEquals(3, LoopModel.trips(Loops.ULT | Loops.LOW_HALVES, (1L << 32) + 5, 8, 1));
        // Within the range, every count of a loop moving towards its bound is known.
        for (int k = 0; k < 16; k++) {
            int kind = (k & 7) | (k >= 8 ? Loops.LOW_HALVES : 0);
            boolean up = (k & 7) == Loops.ULT || (k & 7) == Loops.ULE || (k & 7) == Loops.SLT || (k & 7) == Loops.SLE;
            for (long v = 0; v < 40; v++) {
                for (long b = 0; b < 40; b++) {
                    for (long c = 1; c <= 5; c++) {
                        long step = up ? c : -c;
                        long expected = simulate(kind, v, b, step, 100);
                        if (expected < 0 || (k & 7) <= Loops.UGE && !up && v + expected * step < 0) {
                            expected = 0; // would wrap below zero: left to the general loop
                        }
                        assertEquals(expected, LoopModel.trips(kind, v, b, step), k + " " + v + " " + b + " " + step);
                    }
                }
            }
        }
    }

    @Test
    void windowHoldsExactlyTheLoopsAccesses() {
        Random rnd = new Random(11);
        for (int round = 0; round < 100_000; round++) {
            long start = rnd.nextInt(3) == 0 ? rnd.nextLong() : 0x1000;
            long length = rnd.nextInt(64);
            long c = rnd.nextInt(9) - 4;
            long trips = 1 + rnd.nextInt(20);
            int lo = rnd.nextInt(16) - 8;
            int hi = lo + 1 + rnd.nextInt(8);
            long r = rnd.nextInt(4) == 0 ? rnd.nextLong() : start + rnd.nextInt(80) - 10;
            boolean inside = true;
            for (long k = 0; k < trips; k++) {
                for (long a = lo; a < hi; a++) {
                    long x = r + a + k * c - start;
                    inside &= x >= 0 && x < length;
                }
            }
            long got = LoopModel.window(r, start, length, c, trips, lo, hi);
            String what = "r=" + r + " start=" + start + " length=" + length + " c=" + c + " trips=" + trips + " ["
                    + lo + ", " + hi + ")";
            assertEquals(inside ? r + lo - start : -1, got, what);
        }
    }

    // Compiled loops against the interpreter.

    static VerifiedProgram verify(String asm) throws Exception {
        return Verifier.verify(Assembler.assemble(asm).toBytes(), Policy.permissive(n -> false)).orThrow();
    }

    /** Runs on both engines; asserts the same outcome and bytes; returns the compiled run (its counted loops). */
    static JitRun both(VerifiedProgram program, byte[] mem, long r1, long r2, long budget) {
        Engine engine = Jit.load(program, HelperTable.empty());
        Compiled compiled = assertInstanceOf(Compiled.class, engine, engine::description);
        byte[] forVm = mem.clone();
        Outcome expected = Vm.load(program, HelperTable.empty()).run(
                Memory.of(Region.writable("mem", MEM, forVm)), r1, r2, budget);
        byte[] forJit = mem.clone();
        JitRun run = compiled.execute(Memory.of(Region.writable("mem", MEM, forJit)), r1, r2, budget);
        assertEquals(expected, run.outcome);
        assertArrayEquals(forVm, forJit);
        return run;
    }

    static byte[] input(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37 + 11);
        }
        return b;
    }

    @Test
    void fletcher32sInnerLoopIsCountedAndItsGuardsFallBackExactly() throws Exception {
        VerifiedProgram program = verify(BudgetAndLivenessTest.FLETCHER32);
        assertTrue(Jit.load(program, HelperTable.empty()).description().contains("1 counted loop(s)"));
        byte[] mem = input(360);
        // The 180 words: one outer iteration, the inner loop's first iteration general, the other 179 counted.
        JitRun run = both(program, mem, MEM, 360, 100_000);
        assertEquals(1, run.countedLoops);
        assertEquals(1471, assertInstanceOf(Outcome.Returned.class, run.outcome).instructions());
        // 200 bytes past the region: the window guard fails, the general loop faults at the load of word 180.
        run = both(program, mem, MEM, 560, 100_000);
        assertEquals(0, run.countedLoops);
        Fault.OutOfBounds oob = assertInstanceOf(Fault.OutOfBounds.class,
                assertInstanceOf(Outcome.Faulted.class, run.outcome).fault());
        assertEquals(11, oob.pc());
        // A budget that ends inside the loop: the budget guard fails, the general loop stops where the interpreter does.
        run = both(program, mem, MEM, 360, 1000);
        assertEquals(0, run.countedLoops);
        assertInstanceOf(Fault.BudgetExhausted.class, assertInstanceOf(Outcome.Faulted.class, run.outcome).fault());
        // Exactly enough budget: counted, and the run ends with the budget spent; one less, it ends at the exit.
        run = both(program, mem, MEM, 360, 1471);
        assertEquals(1, run.countedLoops);
        assertEquals(1471, assertInstanceOf(Outcome.Returned.class, run.outcome).instructions());
        run = both(program, mem, MEM, 360, 1470);
        assertEquals(1, run.countedLoops);
        assertEquals(40, assertInstanceOf(Fault.BudgetExhausted.class,
                assertInstanceOf(Outcome.Faulted.class, run.outcome).fault()).pc());
    }

    @Test
    void storesCopyAndCountDownInTheCountedLoop() throws Exception {
        // Copies 16 words backwards from the first half of the region to the second, counting r6 down to 0.
        String copy = """
                mov %r6, 16
                mov %r7, %r1
                add %r7, 60
                mov %r0, 0
                ldxw %r3, [%r7]
                stxw [%r7+64], %r3
                add %r0, %r3
                add %r7, -4
                sub %r6, 1
                jne %r6, 0, -6
                exit
                """;
        VerifiedProgram program = verify(copy);
        byte[] mem = input(128);
        JitRun run = both(program, mem, MEM, 0, 10_000);
        assertEquals(1, run.countedLoops);
        // r1 8 bytes before the region: the first iterations are inside, the 15th load is not; the window guard
        // fails and the general loop faults there.
        run = both(program, mem, MEM - 8, 0, 10_000);
        assertEquals(0, run.countedLoops);
        Outcome.Faulted faulted = assertInstanceOf(Outcome.Faulted.class, run.outcome);
        assertEquals(4, assertInstanceOf(Fault.OutOfBounds.class, faulted.fault()).pc());
        assertEquals(4 + 14 * 6 + 1, faulted.instructions());
    }

    @Test
    void aCountThatWouldWrapAroundRunsTheGeneralLoop() throws Exception {
        // Unsigned, counting down by 2 from 5 while > 0: 3, 1, then 2^64 - 1, which is > 0 again; the budget ends it.
        String wraps = """
                mov %r6, 5
                mov %r0, 0
                add %r0, 1
                add %r6, -2
                jgt %r6, 0, -3
                exit
                """;
        JitRun run = both(verify(wraps), new byte[8], MEM, 0, 5000);
        assertEquals(0, run.countedLoops);
        assertInstanceOf(Fault.BudgetExhausted.class, assertInstanceOf(Outcome.Faulted.class, run.outcome).fault());
        // Signed, the same count is known: 3, 1, -1 ends it.
        run = both(verify(wraps.replace("jgt", "jsgt")), new byte[8], MEM, 0, 5000);
        assertEquals(1, run.countedLoops);
        assertEquals(new Outcome.Returned(3, 2 + 3 * 3 + 1), run.outcome);
    }

    @Test
    void thirtyTwoBitCountersAreCountedUnlessTheyWrap() throws Exception {
        String loop = """
                mov32 %r6, START
                mov %r0, 0
                add %r0, 3
                add32 %r6, 1
                jne32 %r6, 100, -3
                exit
                """;
        JitRun run = both(verify(loop.replace("START", "0")), new byte[8], MEM, 0, 5000);
        assertEquals(1, run.countedLoops);
        assertEquals(new Outcome.Returned(300, 2 + 3 * 100 + 1), run.outcome);
        // From 2^32 - 8 the counter passes through 0: an inequality of low halves is still counted exactly.
        run = both(verify(loop.replace("START", "-8")), new byte[8], MEM, 0, 5000);
        assertEquals(1, run.countedLoops);
        assertEquals(new Outcome.Returned(3 * 108, 2 + 3 * 108 + 1), run.outcome);
        // Signed, stepping past 2^31 - 1 wraps to a negative low half, below the bound again: no count, the
        // general loop runs until the budget ends it. With a 64-bit test the same steps end the loop: counted.
        String signed = """
                mov32 %r6, 0x7fffffd0
                mov %r0, 0
                add %r0, 3
                add32 %r6, 0x20
                jslt32 %r6, 0x7fffffff, -3
                exit
                """;
        run = both(verify(signed), new byte[8], MEM, 0, 5000);
        assertEquals(0, run.countedLoops);
        assertInstanceOf(Fault.BudgetExhausted.class, assertInstanceOf(Outcome.Faulted.class, run.outcome).fault());
        run = both(verify(signed.replace("add32", "add").replace("jslt32", "jslt")), new byte[8], MEM, 0, 5000);
        assertEquals(1, run.countedLoops);
        assertEquals(new Outcome.Returned(6, 2 + 3 * 2 + 1), run.outcome);
    }

    /**
     * The guards the compiler writes out against {@link LoopModel}: a loop counting r6 by c from v against a bound b
     * (64-bit or JMP32 tests, each order), reading a byte through r7 stepping by s, is counted exactly when the model
     * says that its count and window are known and the budget covers the count; on every path the run agrees with
     * the interpreter.
     */
    @Test
    void compiledGuardsAreTheModel() throws Exception {
        Random rnd = new Random(5);
        Op[] tests = {Op.JLT64_REG, Op.JLE64_REG, Op.JGT64_REG, Op.JGE64_REG, Op.JSLT64_REG, Op.JSLE64_REG,
                Op.JSGT64_REG, Op.JSGE64_REG, Op.JNE64_REG};
        Op[] tests32 = {Op.JLT32_REG, Op.JLE32_REG, Op.JGT32_REG, Op.JGE32_REG, Op.JSLT32_REG, Op.JSLE32_REG,
                Op.JSGT32_REG, Op.JSGE32_REG, Op.JNE32_REG};
        int counted = 0;
        for (int round = 0; round < 3000; round++) {
            int order = rnd.nextInt(9);
            boolean low = rnd.nextBoolean();
            int kind = order | (low ? Loops.LOW_HALVES : 0);
            boolean up = order == Loops.ULT || order == Loops.ULE || order == Loops.SLT || order == Loops.SLE;
            int c = new int[] {1, 1, 2, 3, 7, 65536}[rnd.nextInt(6)] * (up || order == Loops.NE && rnd.nextBoolean()
                    ? 1 : -1);
            long v = rnd.nextInt(3) == 0 ? VALUES[rnd.nextInt(VALUES.length)] + rnd.nextInt(5) - 2 : rnd.nextInt(100);
            long b = rnd.nextInt(3) == 0 ? VALUES[rnd.nextInt(VALUES.length)] + rnd.nextInt(5) - 2
                    : v + rnd.nextInt(300) - 100;
            boolean add32 = low && rnd.nextBoolean();
            int s = new int[] {0, 1, 2, -1, -4, 8}[rnd.nextInt(6)];
            int lo = rnd.nextInt(12) - 4;
            int off0 = rnd.nextInt(40) - 4;
            int length = rnd.nextInt(300);
            long budget = 1 + rnd.nextInt(20_000);
            List<Instruction> insns = new ArrayList<>();
            lddw(insns, 6, v);
            lddw(insns, 4, b);
            insns.add(new Instruction(Op.MOV64_REG, 7, 1, 0, 0));
            insns.add(new Instruction(Op.ADD64_IMM, 7, 0, 0, off0));
            insns.add(new Instruction(Op.MOV64_IMM, 0, 0, 0, 0));
            int head = insns.size();
            insns.add(new Instruction(Op.LDXB, 3, 7, lo, 0));
            insns.add(new Instruction(Op.ADD64_IMM, 0, 0, 0, 1));
            insns.add(new Instruction(Op.ADD64_IMM, 7, 0, 0, s));
            insns.add(new Instruction(add32 ? Op.ADD32_IMM : Op.ADD64_IMM, 6, 0, 0, c));
            insns.addAll(ValidEncodings.of((low ? tests32 : tests)[order], 6, 4, head - insns.size() - 1, 0, 0));
            insns.add(new Instruction(Op.EXIT, 0, 0, 0, 0));
            byte[] code = new byte[insns.size() * 8];
            for (int i = 0; i < insns.size(); i++) {
                insns.get(i).encodeInto(code, 8 * i);
            }
            VerifiedProgram program = Verifier.verify(code, Policy.permissive(n -> false)).orThrow();
            long r1 = MEM + rnd.nextInt(8);
            // The model: the first iteration runs as a unit (charged with the code before it), then the guards.
            int units = 5;
            long left = budget - (head - 2 + units); // the two lddw take two slots each, one instruction
            long v1 = add32 ? (v + c) & 0xffffffffL : v + c;
            long address = r1 + off0 + lo;
            boolean firstInside = address >= MEM && address + 1 <= MEM + length && left >= 0;
            long trips = LoopModel.trips(kind, v1, b, c);
            boolean expected = firstInside && holds(kind, v1, b) && trips > 0 && left >= trips * units
                    && LoopModel.window(r1 + off0 + s, MEM, length, s, trips, lo, lo + 1) >= 0;
            String what = "kind " + kind + " v=" + v + " b=" + b + " c=" + c + " add32=" + add32 + " s=" + s
                    + " lo=" + lo + " off0=" + off0 + " length=" + length + " r1=" + (r1 - MEM) + " budget=" + budget;
            JitRun run;
            try {
                run = both(program, input(length), r1, 0, budget);
            } catch (AssertionError e) {
                throw new AssertionError(what, e);
            }
            assertEquals(expected ? 1 : 0, run.countedLoops, what);
            counted += run.countedLoops;
        }
        assertTrue(counted > 300, "counted: " + counted);
    }

    @Test
    void aFunctionTooLargeWithItsCountedLoopIsCompiledWithoutIt() throws Exception {
        // A counted loop of 40 instructions after n additions: for some n the function fits the JIT's size limit
        // only without the loop's two more copies. It is then compiled without them, and still agrees.
        StringBuilder loop = new StringBuilder("mov %r6, 0\n");
        for (int i = 0; i < 38; i++) {
            loop.append("add %r3, ").append(i).append('\n');
        }
        loop.append("add %r6, 1\njlt %r6, 10, -40\nmov %r0, %r3\nexit\n");
        boolean without = false;
        for (int n = 0; n < 3000 && !without; n += 20) {
            StringBuilder asm = new StringBuilder();
            for (int i = 0; i < n; i++) {
                asm.append("add %r3, ").append(i).append('\n');
            }
            VerifiedProgram program = verify(asm + loop.toString());
            Engine engine = Jit.load(program, HelperTable.empty());
            if (engine.kind() == Engine.Kind.INTERPRETER) {
                break; // too large even without
            }
            without = engine.description().contains("0 counted loop(s)");
            assertTrue(without || engine.description().contains("1 counted loop(s)"), engine::description);
            both(program, new byte[8], MEM, 0, 100_000);
        }
        assertTrue(without, "no size between with and without the loop's copies");
    }

    @Test
    void twoReadRegionsInOneLoopRunTheGeneralLoop() throws Exception {
        // Reads the input and the stack in turn: one read window cannot hold both, so the guard fails (correctly).
        String two = """
                mov %r6, 0
                mov %r0, 0
                mov %r8, %r10
                add %r8, -64
                ldxb %r3, [%r1]
                add %r0, %r3
                ldxb %r3, [%r8]
                add %r0, %r3
                add %r6, 1
                jlt %r6, 8, -6
                exit
                """;
        JitRun run = both(verify(two), input(16), MEM, 0, 5000);
        assertEquals(0, run.countedLoops);
        assertInstanceOf(Outcome.Returned.class, run.outcome);
    }

    // Random counted loops.

        @Provide
    Arbitrary<DifferentialTest.Case> loops() {
        return Arbitraries.randomValue(CountedLoopTest::generate).withoutEdgeCases();
    }

    static final Op[] ALU = {Op.ADD64_REG, Op.ADD64_IMM, Op.SUB64_REG, Op.XOR64_REG, Op.MUL64_IMM, Op.AND64_IMM,
            Op.OR64_REG, Op.LSH64_IMM, Op.RSH64_IMM, Op.ADD32_REG, Op.ADD32_IMM, Op.MOV32_REG, Op.MUL32_REG,
            Op.DIV64_REG, Op.MOD32_REG, Op.ARSH32_IMM, Op.NEG64, Op.BE16, Op.MOV64_REG};
    static final Op[] LOADS = {Op.LDXB, Op.LDXH, Op.LDXW, Op.LDXDW, Op.LDXSB, Op.LDXSH, Op.LDXSW};
    static final Op[] STORES = {Op.STXB, Op.STXH, Op.STXW, Op.STXDW, Op.STB, Op.STW};
    static final Op[] BACK_EDGES = {Op.JLT64_REG, Op.JLE64_REG, Op.JGT64_REG, Op.JGE64_REG, Op.JSLT64_REG,
            Op.JSLE64_REG, Op.JSGT64_REG, Op.JSGE64_REG, Op.JNE64_REG, Op.JEQ64_REG, Op.JLT64_IMM, Op.JGE64_IMM,
            Op.JSLT64_IMM, Op.JSGT64_IMM, Op.JNE64_IMM, Op.JLE64_IMM, Op.JSET64_IMM, Op.JLT32_REG, Op.JGE32_REG,
            Op.JSLE32_REG, Op.JSGT32_IMM, Op.JNE32_IMM, Op.JLT32_IMM, Op.JGT32_IMM, Op.JEQ32_IMM};

    static long value(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> VALUES[rnd.nextInt(VALUES.length)] + rnd.nextInt(3) - 1;
            case 1 -> rnd.nextLong();
            default -> rnd.nextInt(60) - 10;
        };
    }

    static void lddw(List<Instruction> insns, int r, long v) {
        insns.addAll(ValidEncodings.of(Op.LDDW, r, 0, 0, (int) v, (int) (v >>> 32)));
    }

    /**
     * A loop over r6 (the counter, stepping by a constant) against r4 or an immediate, with r7 a pointer stepping
     * through memory, r8 a fixed pointer, r9 a pointer into the stack (which the verifier does not prove), r0, r3
     * and r5 data; sometimes a second write of the counter or bound, so that the loop is no counted loop.
     */
    static DifferentialTest.Case generate(Random rnd) {
        List<Instruction> insns = new ArrayList<>();
        long r1 = MEM + rnd.nextInt(8);
        Op edge = BACK_EDGES[rnd.nextInt(BACK_EDGES.length)];
        boolean swap = edge.name().endsWith("_REG") && rnd.nextInt(3) == 0;
        // Mostly towards the bound; sometimes away from it, which is no counted loop.
        boolean up = edge.name().contains("LT") || edge.name().contains("LE");
        int sign = (up != swap) == rnd.nextInt(5) > 0 ? 1 : -1;
        // Half of the loops start a few dozen steps before their bound, the others anywhere.
        boolean near = rnd.nextBoolean();
        long low = rnd.nextInt(10);
        long high = 20 + rnd.nextInt(40);
        long init = near ? sign > 0 ? low : high : value(rnd);
        long bound = near ? sign > 0 ? high : low : value(rnd);
        lddw(insns, 6, init);
        lddw(insns, 4, bound);
        insns.add(new Instruction(Op.MOV64_REG, 7, 1, 0, 0));
        insns.add(new Instruction(Op.ADD64_IMM, 7, 0, 0, rnd.nextInt(4) == 0 ? rnd.nextInt(200) - 100 : rnd.nextInt(8)));
        insns.add(new Instruction(Op.MOV64_REG, 8, 1, 0, 0));
        insns.add(new Instruction(Op.MOV64_REG, 9, 10, 0, 0));
        insns.add(new Instruction(Op.ADD64_IMM, 9, 0, 0, -8 * (1 + rnd.nextInt(60))));
        for (int r : new int[] {0, 3, 5}) {
            insns.add(new Instruction(Op.MOV64_IMM, r, 0, 0, rnd.nextInt(1000)));
        }
        int head = insns.size();
        int body = 1 + rnd.nextInt(8);
        int[] steps = {1, 1, 1, 2, 3, 8, 65536, 65537};
        int ivAt = rnd.nextInt(body + 1);
        int ptrAt = rnd.nextInt(3) == 0 ? -1 : rnd.nextInt(body + 1);
        int[] data = {0, 3, 5};
        boolean onStack = rnd.nextInt(5) == 0;
        for (int i = 0; i <= body; i++) {
            if (i == ivAt) {
                int step = sign * steps[rnd.nextInt(steps.length)];
                boolean add32 = rnd.nextInt(3) == 0; // a counted loop with a JMP32 back edge only
                Op add = add32 ? Op.ADD32_IMM : Op.ADD64_IMM;
                Op sub = add32 ? Op.SUB32_IMM : Op.SUB64_IMM;
                insns.add(rnd.nextBoolean() ? new Instruction(add, 6, 0, 0, step) : new Instruction(sub, 6, 0, 0, -step));
            }
            if (i == ptrAt) {
                int[] strides = {1, 2, 4, 8, -1, -4, 0x10000, 0x10001};
                insns.add(new Instruction(Op.ADD64_IMM, 7, 0, 0, strides[rnd.nextInt(strides.length)]));
            }
            if (i == body) {
                break;
            }
            int d = data[rnd.nextInt(3)];
            int s = data[rnd.nextInt(3)];
            // A read window and a write window: one region each in a loop that is to be counted.
            int base = onStack ? 9 : rnd.nextInt(20) == 0 ? 9 : rnd.nextInt(4) == 0 ? 8 : 7;
            int off = rnd.nextInt(8) == 0 ? rnd.nextInt(400) - 200 : rnd.nextInt(16);
            switch (rnd.nextInt(16)) {
                case 0, 1, 2, 3 -> {
                    Op op = ALU[rnd.nextInt(ALU.length)];
                    insns.addAll(ValidEncodings.of(op, d, s, 0, rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt(17), 0));
                }
                case 4, 5, 6 -> insns.addAll(ValidEncodings.of(LOADS[rnd.nextInt(LOADS.length)], d, base, off, 0, 0));
                case 7, 8 -> insns.addAll(ValidEncodings.of(STORES[rnd.nextInt(STORES.length)], base, s, off,
                        rnd.nextInt(), 0));
                case 9 -> insns.add(new Instruction(Op.STXDW, 10, s, -8 * (1 + rnd.nextInt(8)), 0)); // proven
                case 10 -> insns.add(new Instruction(Op.LDXDW, d, 10, -8 * (1 + rnd.nextInt(8)), 0)); // proven
                case 11 -> {
                    // Spoils the loop as a counted loop: writes the counter or the bound once more.
                    int r = rnd.nextBoolean() ? 6 : 4;
                    insns.add(rnd.nextBoolean() ? new Instruction(Op.ADD64_IMM, r, 0, 0, 1)
                            : new Instruction(Op.MOV64_REG, r, d, 0, 0));
                }
                default -> insns.addAll(ValidEncodings.of(Op.ADD64_REG, d, s, 0, 0, 0));
            }
        }
        int rel = head - insns.size() - 1;
        insns.addAll(ValidEncodings.of(edge, swap ? 4 : 6, swap ? 6 : 4, rel, (int) (near ? bound : value(rnd)), 0));
        for (int r : new int[] {3, 5, 6, 7}) {
            insns.add(new Instruction(Op.XOR64_REG, 0, r, 0, 0));
        }
        insns.add(new Instruction(Op.EXIT, 0, 0, 0, 0));
        byte[] code = new byte[insns.size() * 8];
        for (int i = 0; i < insns.size(); i++) {
            insns.get(i).encodeInto(code, 8 * i);
        }
        byte[] memory = new byte[rnd.nextInt(4) == 0 ? rnd.nextInt(64) : 256 + rnd.nextInt(800)];
        rnd.nextBytes(memory);
        long budget = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(300) : 5000;
        return new DifferentialTest.Case(code, memory, r1, budget);
    }

    @Property(tries = 4000, shrinking = ShrinkingMode.OFF)
    void randomLoopsAgreeWithTheInterpreter(@ForAll("loops") DifferentialTest.Case c) {
        Verification v = Verifier.verify(c.code(), Policy.permissive(n -> false));
        if (!(v instanceof Verification.Accepted accepted)) {
            Statistics.label("path").collect("rejected by the verifier");
            return;
        }
        VerifiedProgram program = accepted.program();
        EngineAgreement.Setup setup = new EngineAgreement.Setup(
                () -> Memory.of(Region.writable("mem", MEM, c.memory().clone()),
                        Region.readOnly("ro", RODATA, new byte[16])),
                () -> Sections.NONE);
        EngineAgreement.assertAgree(program, HelperTable.empty(), setup, c.r1(), c.memory().length, c.budget(), 1,
                c::toString, EngineAgreement.COMPILER);
        Engine engine = Jit.load(program, HelperTable.empty());
        String path;
        if (!engine.description().contains("1 counted loop(s)")) {
            path = "no counted loop";
        } else {
            JitRun run = ((Compiled) engine).execute(Memory.of(Region.writable("mem", MEM, c.memory().clone()),
                    Region.readOnly("ro", RODATA, new byte[16])), c.r1(), c.memory().length, c.budget());
            path = run.countedLoops > 0 ? "counted" : "guard failed";
        }
        Statistics.label("path").collect(path);
        Statistics.label("path").coverage(check -> {
            check.check("counted").percentage(p -> p > 8);
            check.check("guard failed").percentage(p -> p > 10);
        });
    }
}
