package io.femto4j.verifier;

import io.femto4j.isa.Form;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import io.femto4j.isa.Program;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.femto4j.verifier.Asm.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Properties over generated programs. The key one checks the verifier against a brute-force oracle: for small
 * programs it enumerates every (pc, call stack) state a run could reach, taking both ways at every branch,
 * and asserts that no accepted program can reach a bad state.
 */
class VerifierPropertiesTest {

    private static final Policy SHALLOW = Policy.parse("helpers=0-5,call-depth=3");

    @Property(tries = 3000)
    void anyBytesGiveAVerdictNeverAnException(@ForAll @Size(max = 160) byte[] raw, @ForAll boolean strict) {
        byte[] code = Arrays.copyOf(raw, raw.length - raw.length % 8);
        Verification v = Verifier.verify(code, SHALLOW.withStrict(strict));
        checkWellFormed(v, code.length / 8);
    }

    @Property(tries = 3000)
    void acceptedProgramsCannotReachABadState(@ForAll("smallPrograms") Program program) {
        Verification v = Verifier.verify(program, SHALLOW);
        checkWellFormed(v, program.size());
        assertEquals(v.diagnostics(), Verifier.verify(program.toBytes(), SHALLOW).diagnostics());
        Statistics.collect(v.isAccepted() ? "accepted" : "rejected");
        if (v instanceof Verification.Accepted accepted) {
            explore(accepted.program());
        }
    }

    private static void checkWellFormed(Verification v, int slots) {
        List<Diagnostic> ds = v.diagnostics();
        for (int i = 1; i < ds.size(); i++) {
            assertTrue(Diagnostic.BY_INDEX.compare(ds.get(i - 1), ds.get(i)) <= 0, "sorted: " + ds);
        }
        for (Diagnostic d : ds) {
            assertTrue(d.index() >= -1 && d.index() < Math.max(slots, 1), d.toString());
        }
        assertEquals(ds.stream().noneMatch(Diagnostic::isError), v.isAccepted());
    }

    /** Every state a run of the program could reach, with both outcomes of every branch. */
    private static void explore(VerifiedProgram verified) {
        Program p = verified.program();
        int n = p.size();
        int maxFrames = verified.policy().maxCallDepth();
        record State(int pc, List<Integer> returns) {
        }
        Deque<State> work = new ArrayDeque<>();
        Set<State> seen = new HashSet<>();
        work.add(new State(0, List.of()));
        int deepest = 1;
        while (!work.isEmpty()) {
            State s = work.poll();
            if (!seen.add(s)) {
                continue;
            }
            assertTrue(s.pc() >= 0 && s.pc() < n, "pc " + s.pc() + " outside " + n + " slots");
            Instruction insn = p.get(s.pc());
            Op op = insn.op();
            assertFalse(op == Op.WIDE_HI, "ran into the second half of a wide load at " + s.pc());
            int frames = s.returns().size() + 1;
            deepest = Math.max(deepest, frames);
            assertTrue(frames <= maxFrames, "frames " + frames);
            assertFalse(op.writesDst() && insn.dst() == 10, "writes r10 at " + s.pc());
            int function = functionOf(verified, s.pc());
            List<Integer> next = new ArrayList<>();
            if (op == Op.EXIT) {
                if (!s.returns().isEmpty()) {
                    List<Integer> rest = s.returns().subList(0, s.returns().size() - 1);
                    work.add(new State(s.returns().get(s.returns().size() - 1), List.copyOf(rest)));
                }
            } else if (op == Op.CALL_LOCAL) {
                int target = (int) InstructionChecks.target(s.pc(), insn);
                assertTrue(verified.isFunctionStart(target), "call to " + target);
                List<Integer> pushed = new ArrayList<>(s.returns());
                pushed.add(s.pc() + 1);
                work.add(new State(target, List.copyOf(pushed)));
            } else {
                if (op.isJump()) {
                    int target = (int) InstructionChecks.target(s.pc(), insn);
                    assertEquals(function, functionOf(verified, target), "jump from " + s.pc() + " leaves its function");
                    next.add(target);
                }
                if (op != Op.JA && op != Op.JA32) {
                    next.add(s.pc() + (op.isWide() ? 2 : 1));
                }
            }
            for (int pc : next) {
                work.add(new State(pc, s.returns()));
            }
            assertTrue(seen.size() < 200_000, "state space of a small program stays small");
        }
        assertTrue(deepest <= verified.deepestCallChain(), "deepest chain " + deepest);
    }

    private static int functionOf(VerifiedProgram verified, int pc) {
        int f = pc;
        while (f > 0 && !verified.isFunctionStart(f)) {
            f--;
        }
        return f;
    }

    /** Up to 14 slots of control-flow-heavy code with small displacements, so that many programs pass. */
    @Provide
    Arbitrary<Program> smallPrograms() {
        Arbitrary<Integer> disp = Arbitraries.integers().between(-6, 6);
        Arbitrary<Object> part = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(exit())),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 9).map(r -> (Object) mov(r, 1))),
                net.jqwik.api.Tuple.of(3, disp.map(d -> (Object) ja(d))),
                net.jqwik.api.Tuple.of(1, disp.map(d -> (Object) ja32(d))),
                net.jqwik.api.Tuple.of(4, disp.map(d -> (Object) jeq(1, 0, d))),
                net.jqwik.api.Tuple.of(4, disp.map(d -> (Object) callLocal(d))),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(lddw(2, 1L << 40))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-520, 8)
                        .map(off -> (Object) mem(Op.STXB, 10, 1, off, 0))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(mov(10, 0))));
        return part.list().ofMinSize(1).ofMaxSize(10).map(parts -> program(parts.toArray()));
    }

    @Property(tries = 2000)
    void acceptedCallGraphsCannotReachABadState(@ForAll("functionPrograms") Program program) {
        Verification v = Verifier.verify(program, SHALLOW);
        checkWellFormed(v, program.size());
        Statistics.collect(v.isAccepted() ? "accepted"
                : v.errors().stream().map(d -> d.code().label()).distinct().sorted().toList().toString());
        if (v instanceof Verification.Accepted accepted) {
            explore(accepted.program());
        }
    }

    /**
     * One to five functions laid out one after another, each a few instructions ending in exit: moves, wide
     * loads, a branch to the function's exit, and calls to any function (itself included). Every displacement is
     * computed from the layout, so what decides the verdict is the call graph: recursion, depth, or neither.
     */
    @Provide
    Arbitrary<Program> functionPrograms() {
        // an item is {kind, argument}: 0 mov, 1 call (see layOut), 2 branch to exit, 3 lddw
        Arbitrary<int[]> item = Arbitraries.integers().between(0, 3)
                .flatMap(kind -> Arbitraries.integers().between(0, 4).map(arg -> new int[] {kind, arg}));
        return item.list().ofMaxSize(4).list().ofMinSize(1).ofMaxSize(5).map(VerifierPropertiesTest::layOut);
    }

    private static Program layOut(List<List<int[]>> functions) {
        int[] starts = new int[functions.size()];
        int[] exits = new int[functions.size()];
        int pc = 0;
        for (int f = 0; f < functions.size(); f++) {
            starts[f] = pc;
            pc += functions.get(f).stream().mapToInt(item -> item[0] == 3 ? 2 : 1).sum();
            exits[f] = pc++;
        }
        List<Object> parts = new ArrayList<>();
        pc = 0;
        for (int f = 0; f < functions.size(); f++) {
            int exitPc = exits[f];
            for (int[] item : functions.get(f)) {
                switch (item[0]) {
                    case 0 -> parts.add(mov(item[1], 1));
                    case 1 -> {
                        // mostly forward calls, which make chains; argument 4 may call anything, cycles included
                        int callee = item[1] == 4 ? (f + pc) % starts.length : f + 1 + item[1];
                        parts.add(callLocal(starts[Math.min(callee, starts.length - 1)] - pc - 1));
                    }
                    case 2 -> parts.add(jeq(1, item[1], exitPc - pc - 1));
                    default -> parts.add(lddw(item[1], item[1]));
                }
                pc += item[0] == 3 ? 2 : 1;
            }
            parts.add(exit());
            pc++;
        }
        return program(parts.toArray());
    }

    @Property(tries = 500)
    void provenStackAccessesLieInTheFrame(@ForAll("smallPrograms") Program program) {
        if (Verifier.verify(program, SHALLOW) instanceof Verification.Accepted a) {
            VerifiedProgram vp = a.program();
            for (int i = 0; i < program.size(); i++) {
                Instruction insn = program.get(i);
                if (vp.isProvenStackAccess(i)) {
                    assertEquals(Form.STORE_REG, insn.op().form());
                    assertTrue(insn.offset() >= -512 && insn.offset() + insn.op().accessSize() <= 0);
                }
            }
        }
    }

    @Property(tries = 200)
    void strictAcceptsOnlyWhatLenientAccepts(@ForAll @Size(max = 64) byte[] raw) {
        byte[] code = Arrays.copyOf(raw, raw.length - raw.length % 8);
        if (Verifier.verify(code, SHALLOW).isAccepted()) {
            assertTrue(Verifier.verify(code, SHALLOW.withStrict(false)).isAccepted());
        }
    }

}
