package io.femto4j.vm;

import io.femto4j.vm.conformance.SuiteHelpers;
import io.femto4j.isa.testing.ValidEncodings;
import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random programs (2 000 000 per build, about 20 s) against the VM's central promise: a program that passed the verifier ends every run with an
 * Outcome within its budget, and never throws. Most programs are random but well-formed instructions (so that
 * many pass the verifier and run); one in ten is random bytes. Each accepted program also checks that runs are
 * deterministic and that instruction counting is exact (a run that returned after k instructions returns the same
 * with budget k, and exhausts budget k - 1).
 */
class RandomProgramsTest {
    static final long MEM = 0x1000_0000L;
    static final long RODATA = 0x2000_0000L;
    static final int BUDGET = 3000;
    static final Op[] OPS = java.util.Arrays.stream(Op.values()).filter(o -> o != Op.WIDE_HI).toArray(Op[]::new);
    static final int[] IMMS = {0, 1, -1, 2, 7, 8, 16, 31, 32, 33, 63, 64, 255, 65535, Integer.MIN_VALUE,
            Integer.MAX_VALUE, -512, -8};
    static final int[] OFFSETS = {0, 1, 2, 4, 7, 8, -1, -4, -8, -16, -511, -512, -513, 512, 4096, -4096, 32767, -32768};
    static final HelperTable HELPERS = helpers();

    static HelperTable helpers() {
        HelperTable.Builder b = HelperTable.builder();
        HelperTable suite = SuiteHelpers.table();
        for (int n : suite.numbers()) {
            b.register(n, suite.name(n), suite.helper(n));
        }
        b.register(6, "throws", (c, x, y, z, u, v) -> {
            throw new IllegalStateException("host bug");
        });
        b.register(7, "fails", (c, x, y, z, u, v) -> {
            throw new HelperFault("refused");
        });
        b.register(9, "peek", (c, x, y, z, u, v) -> c.readInt(x, 8) + c.readInt(y, 1));
        return b.build(); // 8 is allowed but not registered; 10 is registered nowhere and not allowed
    }

    static final Policy POLICY = Policy.permissive(n -> n >= 0 && n <= 9);

    record Case(byte[] code, byte[] memory, long r1) {
        @Override
        public String toString() {
            return "code=" + HexFormat.of().formatHex(code) + " memory=" + HexFormat.of().formatHex(memory)
                    + " r1=0x" + Long.toHexString(r1);
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(RandomProgramsTest::generate).withoutEdgeCases();
    }

    static Case generate(Random rnd) {
        byte[] memory = new byte[rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(64)];
        rnd.nextBytes(memory);
        long r1 = switch (rnd.nextInt(8)) {
            case 0 -> 0;
            case 1 -> rnd.nextLong();
            case 2 -> Memory.STACK_AREA_END - rnd.nextInt(5000);
            default -> MEM + rnd.nextInt(8) - 2;
        };
        if (rnd.nextInt(10) == 0) {
            byte[] raw = new byte[8 * (1 + rnd.nextInt(12))];
            rnd.nextBytes(raw);
            if (rnd.nextBoolean()) {
                new Instruction(Op.EXIT, 0, 0, 0, 0).encodeInto(raw, raw.length - 8);
            }
            return new Case(raw, memory, r1);
        }
        int n = 1 + rnd.nextInt(24);
        List<Instruction> insns = new ArrayList<>();
        while (insns.size() < n) {
            Op op = OPS[rnd.nextInt(OPS.length)];
            int dst = rnd.nextInt(20) == 0 ? 10 : rnd.nextInt(10);
            int src = rnd.nextInt(11);
            int imm = rnd.nextInt(3) == 0 ? rnd.nextInt() : IMMS[rnd.nextInt(IMMS.length)];
            int off = rnd.nextInt(3) == 0 ? (short) rnd.nextInt() : OFFSETS[rnd.nextInt(OFFSETS.length)];
            Form form = op.form();
            if (op.isJump() || op == Op.CALL_LOCAL) {
                int rel = rnd.nextInt(2 * n + 1) - n; // mostly inside the program
                if (form == Form.JA32 || op == Op.CALL_LOCAL) {
                    imm = rel;
                } else {
                    off = rel;
                }
            }
            if (op == Op.CALL) {
                imm = rnd.nextInt(12) - 1;
            }
            if (op == Op.CALLX && rnd.nextBoolean()) {
                insns.add(new Instruction(Op.MOV64_IMM, dst, 0, 0, rnd.nextInt(12) - 1));
            }
            int high = op.isWide() && rnd.nextInt(4) == 0 ? rnd.nextInt() : 0;
            insns.addAll(ValidEncodings.of(op, dst, src, off, imm, high));
        }
        if (rnd.nextInt(4) != 0) {
            insns.add(new Instruction(Op.EXIT, 0, 0, 0, 0));
        }
        byte[] code = new byte[insns.size() * 8];
        for (int i = 0; i < insns.size(); i++) {
            insns.get(i).encodeInto(code, 8 * i);
        }
        return new Case(code, memory, r1);
    }

    static Memory memory(byte[] bytes) {
        return Memory.of(Region.writable("mem", MEM, bytes), Region.readOnly("ro", RODATA, new byte[16]));
    }

    static Outcome run(Vm vm, Case c, long budget) {
        byte[] mem = c.memory().clone(); // helpers and stores change it; each run starts from the same bytes
        Region data = vm.sections().data();
        if (data != null) {
            java.util.Arrays.fill(data.bytes(), (byte) 0); // .data lives across runs by design: start each from zeros
        }
        return vm.run(memory(mem), c.r1(), mem.length, budget);
    }

    @Example
    void runsOfAProgramThatWritesDataStartFromTheSameData() {
        // Found by the property below (seed 6871200061753395970), whose runs then shared .data: r4 = &.data;
        // cmpxchg32 [r4+2], r1 (r0 = 0 matches, so r1 is stored and r0 gets the old 0); jle r4, 1, -1; exit.
        Case c = new Case(HexFormat.of().parseHex("b804000000000000" + "0000000000000000" + "c3140200f1000000"
                + "b504ffff01000000" + "9500000000000000"), new byte[16], 0xce3915aeL);
        Verification.Accepted accepted = assertInstanceOf(Verification.Accepted.class, Verifier.verify(c.code(), POLICY));
        byte[] data = new byte[8];
        Vm vm = Vm.load(accepted.program(), HELPERS, new Sections(Region.writable(".data", 0x3000_0000L, data), null));
        Outcome first = run(vm, c, BUDGET);
        assertEquals(new Outcome.Returned(0, 4), first);
        assertEquals(0xce3915ae, (int) java.lang.invoke.MethodHandles.byteArrayViewVarHandle(int[].class,
                java.nio.ByteOrder.LITTLE_ENDIAN).get(data, 2), "the run wrote .data");
        assertEquals(first, run(vm, c, BUDGET));
    }

    @Property(tries = 2_000_000, shrinking = ShrinkingMode.OFF)
    void verifiedProgramsEndWithAnOutcomeWithinBudget(@ForAll("cases") Case c) {
        Verification v = Verifier.verify(c.code(), POLICY);
        if (!(v instanceof Verification.Accepted accepted)) {
            Statistics.label("verifier").collect("rejected");
            return;
        }
        Statistics.label("verifier").collect("accepted");
        Vm vm = Vm.load(accepted.program(), HELPERS,
                new Sections(Region.writable(".data", 0x3000_0000L, new byte[8]), null));
        int slots = accepted.program().program().size();
        Outcome o = run(vm, c, BUDGET);
        assertNotNull(o);
        assertTrue(o.instructions() >= 1 && o.instructions() <= BUDGET, o::toString);
        Statistics.label("outcome").collect(o instanceof Outcome.Faulted f ? f.fault().getClass().getSimpleName() : "Returned");
        if (o instanceof Outcome.Faulted f && f.fault() instanceof Fault.InvalidInstruction ii) {
            Statistics.label("invalid").collect(ii.reason().replaceAll("[0-9]+", "N"));
        }
        if (o instanceof Outcome.Faulted f) {
            assertTrue(f.fault().pc() >= 0 && f.fault().pc() <= slots, o::toString);
            assertNotNull(f.fault().message());
            if (f.fault() instanceof Fault.BudgetExhausted) {
                assertEquals(BUDGET, o.instructions());
            }
        }
        // Determinism, and exact counting at the edge of the budget.
        assertEquals(o, run(vm, c, BUDGET));
        long k = o.instructions();
        if (!(o instanceof Outcome.Faulted f && f.fault() instanceof Fault.BudgetExhausted)) {
            assertEquals(o, run(vm, c, k));
            if (k > 1) {
                Outcome cut = run(vm, c, k - 1);
                Outcome.Faulted cf = assertInstanceOf(Outcome.Faulted.class, cut, cut::toString);
                assertInstanceOf(Fault.BudgetExhausted.class, cf.fault(), cut::toString);
                assertEquals(k - 1, cut.instructions());
            }
        }
    }
}
