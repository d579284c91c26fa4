package io.femto4j.vm.security;

import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import io.femto4j.vm.security.IsolationHarness.Layout;
import io.femto4j.vm.security.IsolationHarness.Spec;
import io.femto4j.vm.security.IsolationHarness.Verdict;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Differential property: for random programs built to hammer memory edges (loads, stores and atomics through
 * registers holding region and stack edges plus or minus a little, r10 offsets around the frame, lddw of boundary
 * values, helpers that read and write guest memory at addresses the program chose, loops that run out of
 * budget), every program the verifier accepts ends in Returned or Faulted within its budget, exactly as the
 * reference interpreter says, and touches no byte outside its regions (see {@link IsolationHarness}).
 */
class MemoryIsolationPropertiesTest {
    static final int TRIES = 200_000;

    record Case(byte[] code, String layout, long r1, long r2, long budget, long seed) {
        @Override
        public String toString() {
            return "code=" + HexFormat.of().formatHex(code) + " layout=" + layout + " r1=0x" + Long.toHexString(r1)
                    + " budget=" + budget + " seed=" + seed;
        }
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.OFF)
    void acceptedProgramsStayInTheirRegions(@ForAll("cases") Case c) {
        Verdict v = IsolationHarness.check(c.code, IsolationHarness.layout(c.layout), c.r1, c.r2, c.budget, c.seed);
        Statistics.collect(v);
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(MemoryIsolationPropertiesTest::generate).withoutEdgeCases();
    }

    static final Op[] LOADS = {Op.LDXB, Op.LDXH, Op.LDXW, Op.LDXDW, Op.LDXSB, Op.LDXSH, Op.LDXSW};
    static final Op[] STORES_IMM = {Op.STB, Op.STH, Op.STW, Op.STDW};
    static final Op[] STORES_REG = {Op.STXB, Op.STXH, Op.STXW, Op.STXDW};
    static final Op[] ATOMICS = java.util.Arrays.stream(Op.values()).filter(o -> o.form() == io.femto4j.isa.Form.ATOMIC)
            .toArray(Op[]::new);
    static final Op[] ALU = {Op.ADD64_IMM, Op.SUB64_IMM, Op.AND64_IMM, Op.OR64_IMM, Op.XOR64_IMM, Op.LSH64_IMM,
            Op.RSH64_IMM, Op.ARSH64_IMM, Op.MOV32_IMM, Op.ADD32_IMM, Op.NEG64, Op.MUL64_IMM, Op.BE64, Op.LE32};
    static final Op[] ALU_REG = {Op.ADD64_REG, Op.SUB64_REG, Op.MOV64_REG, Op.AND64_REG, Op.OR64_REG, Op.MOV32_REG,
            Op.MOVSX32_64};
    static final Op[] JUMPS = {Op.JEQ64_IMM, Op.JNE64_IMM, Op.JGT64_IMM, Op.JSLT64_IMM, Op.JSET64_IMM, Op.JLT32_IMM};

    static Case generate(Random rnd) {
        Layout layout = IsolationHarness.LAYOUTS.get(rnd.nextInt(IsolationHarness.LAYOUTS.size()));
        long[] edges = layout.edges(IsolationHarness.POLICY.frameSize(), IsolationHarness.POLICY.stackSize());
        List<Instruction> code = new ArrayList<>();
        int length = 2 + rnd.nextInt(24);
        while (code.size() < length) {
            int d = rnd.nextInt(10); // r10 is read-only; the verifier rejects writes to it, so rarely try them
            int s = rnd.nextInt(11);
            int off = offset(rnd);
            switch (rnd.nextInt(14)) {
                case 0, 1 -> wide(code, d, edges[rnd.nextInt(edges.length)] + rnd.nextInt(17) - 8);
                case 2 -> wide(code, d, boundary(rnd));
                case 3 -> {
                    code.add(new Instruction(Op.MOV64_REG, d, rnd.nextBoolean() ? 10 : 1, 0, 0));
                    code.add(new Instruction(Op.ADD64_IMM, d, 0, 0, rnd.nextInt(1100) - 1050));
                }
                case 4, 5 -> code.add(new Instruction(pick(rnd, LOADS), d, s, off, 0));
                case 6 -> code.add(new Instruction(pick(rnd, STORES_IMM), rnd.nextInt(11), 0, off, rnd.nextInt()));
                case 7, 8 -> code.add(new Instruction(pick(rnd, STORES_REG), rnd.nextInt(11), s, off, 0));
                case 9 -> {
                    Op a = pick(rnd, ATOMICS);
                    code.add(new Instruction(a, rnd.nextInt(11), s, off, a.discriminator()));
                }
                case 10 -> code.add(new Instruction(Op.CALL, 0, 0, 0, 1 + rnd.nextInt(7)));
                case 11 -> {
                    Op op = pick(rnd, ALU);
                    int imm = op == Op.BE64 ? 64 : op == Op.LE32 ? 32 : op.name().contains("SH") ? rnd.nextInt(64)
                            : rnd.nextInt(33) - 16;
                    code.add(new Instruction(op, d, 0, 0, imm));
                }
                case 12 -> code.add(new Instruction(pick(rnd, ALU_REG), d, s, 0, 0)); // offsets fixed below
                default -> {
                    if (rnd.nextInt(4) == 0) {
                        code.add(new Instruction(Op.CALLX, d, 0, 0, 0));
                    } else {
                        // Forward most of the time; backward sometimes, which makes loops that end on the budget.
                        int target = rnd.nextInt(5) == 0 ? -rnd.nextInt(code.size() + 1) - 1 : rnd.nextInt(4);
                        code.add(new Instruction(pick(rnd, JUMPS), d, 0, target, rnd.nextInt(5) - 2));
                    }
                }
            }
        }
        code.add(new Instruction(Op.EXIT, 0, 0, 0, 0));
        code.add(new Instruction(Op.EXIT, 0, 0, 0, 0));
        code.add(new Instruction(Op.EXIT, 0, 0, 0, 0));
        byte[] bytes = Program.of(fixOffsets(code)).toBytes();
        long r1 = layout.specs().isEmpty() ? rnd.nextLong() : start(layout.specs().get(rnd.nextInt(layout.specs().size())));
        return new Case(bytes, layout.name(), r1, rnd.nextInt(128), 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 400),
                rnd.nextLong());
    }

    /** Sets the offset field of register ALU ops to what selects them (mov vs movsx share 0xbf). */
    private static List<Instruction> fixOffsets(List<Instruction> code) {
        List<Instruction> out = new ArrayList<>(code.size());
        for (Instruction i : code) {
            if (i.op().form().discriminator() == io.femto4j.isa.Form.Discriminator.OFFSET) {
                out.add(new Instruction(i.op(), i.dst(), i.src(), i.op().discriminator(), i.imm()));
            } else {
                out.add(i);
            }
        }
        return out;
    }

    private static long start(Spec s) {
        return s.start();
    }

    private static void wide(List<Instruction> code, int dst, long value) {
        code.add(new Instruction(Op.LDDW, dst, 0, 0, (int) value));
        code.add(new Instruction(Op.WIDE_HI, 0, 0, 0, (int) (value >>> 32)));
    }

    private static long boundary(Random rnd) {
        long[] v = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, (1L << 32) - 1, 0x1000_0000L};
        return v[rnd.nextInt(v.length)] + rnd.nextInt(9) - 4;
    }

    /** Offsets that reach frame and region edges from a register at or near one. */
    private static int offset(Random rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> rnd.nextInt(17) - 8;
            case 1 -> -512 + rnd.nextInt(17) - 8;
            case 2 -> 64 + rnd.nextInt(17) - 8;
            case 3 -> rnd.nextBoolean() ? Short.MAX_VALUE - rnd.nextInt(8) : Short.MIN_VALUE + rnd.nextInt(8);
            default -> rnd.nextInt(1200) - 600;
        };
    }

    private static Op pick(Random rnd, Op[] ops) {
        return ops[rnd.nextInt(ops.length)];
    }
}
