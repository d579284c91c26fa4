package io.femto4j.vm.security;

import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.VerifiedProgram;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Fault;
import io.femto4j.vm.HelperFault;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs one program through the verifier and, when it is accepted, through the VM and the
 * {@link ReferenceInterpreter} on the same boundary memory layout, then checks the isolation promise:
 *
 * <ol>
 *   <li>the VM neither throws nor hangs: every run ends with {@code Returned} or {@code Faulted}, within its budget
 *       (exactly at it when the budget ran out);</li>
 *   <li>canaries: every read-only region, including the guard regions placed right next to writable ones, holds
 *       exactly the bytes it started with;</li>
 *   <li>shadow copy: every writable region holds exactly what the oracle's copy holds after the same program, so
 *       no store, atomic or helper write of the VM landed on a byte the program could not name, and no read that
 *       should have faulted returned a value (the outcomes, r0 and the instruction counts must agree too).</li>
 * </ol>
 *
 * Java gives the VM no way to touch an array it was not handed, so "outside its regions" can only mean a wrong
 * byte of a region it was handed, an access that should have faulted, or a write into a read-only region; the
 * three checks above cover exactly those.
 */
public final class IsolationHarness {

    /** Helper numbers the policy allows; {@link #FORBIDDEN} is registered but not allowed. */
    static final int POKE = 1, PEEK = 2, COPY = 3, STOP = 4, FAIL = 5, FORBIDDEN = 6;

    public static final Policy POLICY = Policy.permissive(n -> n >= POKE && n <= FAIL);

    /** Test helpers that touch guest memory through the context at addresses the program chooses. */
    public static final HelperTable HELPERS = HelperTable.builder()
            .register(POKE, "poke", (c, addr, value, size, u, v) -> {
                c.writeInt(addr, width(size), value);
                return 0;
            })
            .register(PEEK, "peek", (c, addr, x, size, u, v) -> c.readInt(addr, width(size)))
            .register(COPY, "copy", (c, from, to, length, u, v) -> {
                byte[] bytes = c.read(from, (int) (length & 63));
                c.write(to, bytes);
                return bytes.length;
            })
            .register(STOP, "stop", (c, value, x, y, u, v) -> {
                c.stop(value);
                return -1;
            })
            .register(FAIL, "fail", (c, x, y, z, u, v) -> {
                throw new HelperFault("refused on purpose");
            })
            .register(FORBIDDEN, "forbidden", (c, x, y, z, u, v) -> 0)
            .build();

    static int width(long selector) {
        return 1 << (int) (selector & 3);
    }

    /** One region of a layout; contents come from a seed so the VM and the oracle start from equal copies. */
    public record Spec(String name, long start, int length, boolean writable) {
    }

    /**
     * A memory layout at the edges of the address space. Read-only "guard" regions sit right next to writable
     * ones: a store that spills over a writable region's end lands in a guard, and the canary check sees it.
     */
    public record Layout(String name, List<Spec> specs) {
        /** Addresses worth loading into registers: every region edge and the stack's, with neighbours. */
        public long[] edges(int frameSize, int stackSize) {
            List<Long> e = new ArrayList<>();
            for (Spec s : specs) {
                long end = s.start + s.length;
                for (long v : new long[] {s.start - 1, s.start, s.start + 1, end - 8, end - 1, end, end + 1}) {
                    e.add(v);
                }
            }
            long top = Memory.STACK_AREA_END;
            for (long v : new long[] {top - stackSize - 1, top - stackSize, top - frameSize, top - 8, top - 1, top}) {
                e.add(v);
            }
            return e.stream().distinct().mapToLong(Long::longValue).toArray();
        }
    }

    static final long TOP = -1L; // 2^64 - 1, the last address

    public static final List<Layout> LAYOUTS = List.of(
            new Layout("empty", List.of()),
            new Layout("low", List.of(new Spec("ctx", 0, 64, true), new Spec("guard", 64, 16, false))),
            // The highest region may not end at 2^64 (its end would wrap to 0); it ends one byte short.
            new Layout("high", List.of(new Spec("guard-lo", TOP - 87, 16, false), new Spec("ctx", TOP - 71, 64, true),
                    new Spec("guard", TOP - 7, 7, false))),
            new Layout("adjacent", List.of(new Spec("a", 0x1000_0000L, 64, true), new Spec("ro", 0x1000_0040L, 64, false),
                    new Spec("b", 0x1000_0080L, 32, true))),
            // Signed and unsigned comparisons disagree around 2^63.
            new Layout("sign-edge", List.of(new Spec("guard-lo", Long.MAX_VALUE - 47, 16, false),
                    new Spec("ctx", Long.MAX_VALUE - 31, 64, true), new Spec("guard", Long.MIN_VALUE + 32, 16, false))),
            // Right below and right above the VM's stack area.
            new Layout("around-stack", List.of(new Spec("below", Memory.STACK_AREA_START - 32, 32, true),
                    new Spec("above", Memory.STACK_AREA_END, 32, false))));

    static Layout layout(String name) {
        return LAYOUTS.stream().filter(l -> l.name.equals(name)).findFirst().orElseThrow();
    }

    /** How a checked program ended. */
    enum Verdict { REJECTED, RETURNED, FAULTED }

    /** Thrown when a check fails; carries everything needed to reproduce. */
    static final class Violation extends AssertionError {
        private static final long serialVersionUID = 1L;

        Violation(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private IsolationHarness() {
    }

    /** Verifies {@code code}; when accepted, runs it on {@code layout} and checks the isolation promise. */
    static Verdict check(byte[] code, Layout layout, long r1, long r2, long budget, long seed) {
        return check(code, POLICY, layout, r1, r2, budget, seed);
    }

    static Verdict check(byte[] code, Policy policy, Layout layout, long r1, long r2, long budget, long seed) {
        Verification v = Verifier.verify(code, policy);
        if (!(v instanceof Verification.Accepted accepted)) {
            return Verdict.REJECTED;
        }
        return run(accepted.program(), code, layout, r1, r2, budget, seed);
    }

    /** The initial contents of {@code layout}'s regions, random but fixed by {@code seed}. */
    public static byte[][] contents(Layout layout, long seed) {
        int n = layout.specs.size();
        byte[][] initial = new byte[n][];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            initial[i] = new byte[layout.specs.get(i).length];
            rnd.nextBytes(initial[i]);
        }
        return initial;
    }

    /** Fresh regions of {@code layout} holding copies of {@code contents}, so runs never share an array. */
    public static Region[] regions(Layout layout, byte[][] contents) {
        Region[] regions = new Region[contents.length];
        for (int i = 0; i < contents.length; i++) {
            Spec s = layout.specs.get(i);
            regions[i] = new Region(s.name, s.start, contents[i].clone(), s.writable);
        }
        return regions;
    }

    /** A run's memory: {@code regions}, or the empty memory for the layout without any. */
    public static Memory memory(Region[] regions) {
        return regions.length == 0 ? Memory.empty() : Memory.of(regions);
    }

    static Verdict run(VerifiedProgram program, byte[] code, Layout layout, long r1, long r2, long budget, long seed) {
        int n = layout.specs.size();
        byte[][] initial = contents(layout, seed);
        Region[] regions = regions(layout, initial);
        List<ReferenceInterpreter.ShadowRegion> shadows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Spec s = layout.specs.get(i);
            shadows.add(new ReferenceInterpreter.ShadowRegion(s.name, s.start, initial[i].clone(), s.writable));
        }
        Outcome outcome;
        try {
            Vm vm = Vm.load(program, HELPERS);
            outcome = vm.run(memory(regions), r1, r2, budget);
        } catch (RuntimeException | Error e) {
            throw new Violation("the VM threw " + e + "\n" + describe(code, layout, r1, r2, budget, seed), e);
        }
        ReferenceInterpreter.Result expected = new ReferenceInterpreter(program, HELPERS, shadows).run(r1, r2, budget);
        String where = describe(code, layout, r1, r2, budget, seed) + "\n  vm:        " + outcome
                + "\n  reference: " + expected;
        if (outcome == null) {
            throw new Violation("no outcome\n" + where, null);
        }
        if (outcome.instructions() < 1 || outcome.instructions() > budget) {
            throw new Violation("instruction count outside [1, budget]\n" + where, null);
        }
        String kind;
        if (outcome instanceof Outcome.Returned ret) {
            kind = "Returned";
            if (expected.kind().equals(kind) && ret.r0() != expected.r0()) {
                throw new Violation("r0 differs from the reference\n" + where, null);
            }
        } else {
            Fault f = ((Outcome.Faulted) outcome).fault();
            kind = f.getClass().getSimpleName();
            if (f instanceof Fault.BudgetExhausted && outcome.instructions() != budget) {
                throw new Violation("budget exhausted before the budget was used\n" + where, null);
            }
        }
        for (int i = 0; i < n; i++) {
            Spec s = layout.specs.get(i);
            if (!s.writable && !Arrays.equals(regions[i].bytes(), initial[i])) {
                throw new Violation("canary changed: read-only region " + s.name + " was written\n" + where, null);
            }
            if (!Arrays.equals(regions[i].bytes(), shadows.get(i).bytes())) {
                throw new Violation("region " + s.name + " differs from the reference's shadow copy at byte "
                        + Arrays.mismatch(regions[i].bytes(), shadows.get(i).bytes()) + "\n" + where, null);
            }
        }
        if (!kind.equals(expected.kind()) || outcome.instructions() != expected.instructions()) {
            throw new Violation("outcome differs from the reference\n" + where, null);
        }
        return kind.equals("Returned") ? Verdict.RETURNED : Verdict.FAULTED;
    }

    static String describe(byte[] code, Layout layout, long r1, long r2, long budget, long seed) {
        return "  code=" + HexFormat.of().formatHex(code) + " layout=" + layout.name + " r1=0x" + Long.toHexString(r1)
                + " r2=0x" + Long.toHexString(r2) + " budget=" + budget + " seed=" + seed;
    }
}
