package io.femto4j.jit;

import io.femto4j.isa.testing.ValidEncodings;
import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Interpreter and compiler on random verified programs and inputs: the same outcome (r0, or the same fault record
 * at the same pc; the same instruction count) and the same memory afterwards (input region, .data, and what
 * helpers wrote), as {@link EngineAgreement} checks. Programs are random well-formed instructions, biased towards what passes the verifier: in-frame
 * stack accesses, accesses near the input, short jumps (loops end by the budget), local calls to small functions;
 * budgets are often small so that runs stop inside units. About a fifth of the programs pass the verifier, so 60 000
 * tries give over 10 000 differential checks.
 */
class DifferentialTest {
    static final long MEM = 0x1000_0000L;
    static final long RODATA = 0x2000_0000L;
    static final long DATA = 0x3000_0000L;
    static final Op[] OPS = Arrays.stream(Op.values()).filter(o -> o != Op.WIDE_HI).toArray(Op[]::new);
    static final int[] IMMS = {0, 1, -1, 2, 7, 8, 16, 31, 32, 33, 63, 64, 255, 65535, Integer.MIN_VALUE,
            Integer.MAX_VALUE, -512, -8};
    static final int[] OFFSETS = {0, 1, 2, 4, 7, 8, -1, -4, -8, -16, -511, -512, -513, 512, 4096, -4096, 32767, -32768};
    static final HelperTable HELPERS = TestHelpers.extended();
    static final Policy POLICY = Policy.permissive(n -> n >= 0 && n <= 9).withMaxCallDepth(4);

    record Case(byte[] code, byte[] memory, long r1, long budget) {
        @Override
        public String toString() {
            return "code=" + HexFormat.of().formatHex(code) + " memory=" + HexFormat.of().formatHex(memory)
                    + " r1=0x" + Long.toHexString(r1) + " budget=" + budget;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.randomValue(DifferentialTest::generate).withoutEdgeCases();
    }

    static Case generate(Random rnd) {
        byte[] memory = new byte[rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(64)];
        rnd.nextBytes(memory);
        long r1 = switch (rnd.nextInt(8)) {
            case 0 -> 0;
            case 1 -> rnd.nextLong();
            case 2 -> Memory.STACK_AREA_END - rnd.nextInt(3000);
            default -> MEM + rnd.nextInt(8) - 2;
        };
        long budget = switch (rnd.nextInt(3)) {
            case 0 -> 1 + rnd.nextInt(12);
            case 1 -> 1 + rnd.nextInt(200);
            default -> 3000;
        };
        List<Instruction> insns = new ArrayList<>();
        function(rnd, insns, 1 + rnd.nextInt(24), rnd.nextInt(3) == 0);
        byte[] code = new byte[insns.size() * 8];
        for (int i = 0; i < insns.size(); i++) {
            insns.get(i).encodeInto(code, 8 * i);
        }
        return new Case(code, memory, r1, budget);
    }

    /** Appends a function of about {@code n} slots ending in exit; with {@code callee}, a second one it calls. */
    static void function(Random rnd, List<Instruction> insns, int n, boolean callee) {
        int first = insns.size();
        List<Integer> calls = new ArrayList<>();
        while (insns.size() - first < n) {
            // One instruction in six is a local call when this function has a callee, so calls, returns and
            // the budget across them are well covered.
            Op op = callee && rnd.nextInt(6) == 0 ? Op.CALL_LOCAL : OPS[rnd.nextInt(OPS.length)];
            if (op == Op.CALL_LOCAL) {
                if (!callee) {
                    continue;
                }
                calls.add(insns.size());
                insns.add(new Instruction(Op.CALL_LOCAL, 0, 1, 0, 0)); // target patched below
                continue;
            }
            int dst = rnd.nextInt(20) == 0 ? 10 : rnd.nextInt(10);
            int src = rnd.nextInt(11);
            int imm = rnd.nextInt(3) == 0 ? rnd.nextInt() : IMMS[rnd.nextInt(IMMS.length)];
            int off = rnd.nextInt(3) == 0 ? (short) rnd.nextInt() : OFFSETS[rnd.nextInt(OFFSETS.length)];
            Form form = op.form();
            if (form == Form.LOAD || form == Form.STORE_IMM || form == Form.STORE_REG || form == Form.ATOMIC) {
                int base = rnd.nextInt(3);
                if (base == 0) {
                    // Through r10 inside the frame: proven accesses.
                    off = -8 * (1 + rnd.nextInt(8));
                    if (form == Form.LOAD) {
                        src = 10;
                    } else {
                        dst = 10;
                    }
                } else if (base == 1) {
                    off = rnd.nextInt(16) - 2;
                    if (form == Form.LOAD) {
                        src = 1;
                    } else {
                        dst = 1;
                    }
                }
            }
            if (op.isJump()) {
                int rel = rnd.nextInt(2 * n + 1) - n;
                if (form == Form.JA32) {
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
        insns.add(new Instruction(Op.EXIT, 0, 0, 0, 0));
        if (!calls.isEmpty()) {
            int target = insns.size();
            for (int at : calls) {
                insns.set(at, new Instruction(Op.CALL_LOCAL, 0, 1, 0, target - at - 1));
            }
            function(rnd, insns, 1 + rnd.nextInt(8), rnd.nextInt(3) == 0);
        }
    }

    static Memory memory(byte[] bytes) {
        return Memory.of(Region.writable("mem", MEM, bytes), Region.readOnly("ro", RODATA, new byte[16]));
    }

    @Property(tries = 60_000, shrinking = ShrinkingMode.OFF) // over 10 000 of them pass the verifier
    void interpreterAndCompilerAgree(@ForAll("cases") Case c) {
        Verification v = Verifier.verify(c.code(), POLICY);
        if (!(v instanceof Verification.Accepted accepted)) {
            Statistics.label("verifier").collect("rejected");
            return;
        }
        Statistics.label("verifier").collect("accepted");
        Statistics.label("functions").collect(accepted.program().functionCount());
        EngineAgreement.Setup setup = new EngineAgreement.Setup(() -> memory(c.memory().clone()),
                () -> new Sections(Region.writable(".data", DATA, new byte[8]), null));
        EngineAgreement.Result result = EngineAgreement.assertAgree(accepted.program(), HELPERS, setup, c.r1(),
                c.memory().length, c.budget(), 1, c::toString, EngineAgreement.COMPILER);
        Statistics.label("engine").collect(result.engines().get(0).kind());
        Statistics.label("outcome").collect(result.outcomes().get(0) instanceof Outcome.Faulted f
                ? f.fault().getClass().getSimpleName() : "Returned");
    }
}
