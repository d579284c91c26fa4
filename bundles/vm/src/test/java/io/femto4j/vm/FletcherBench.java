package io.femto4j.vm;

import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verifier;

import java.nio.charset.StandardCharsets;

/**
 * A rough timing of Fletcher32 over 360 bytes (the paper's benchmark), for development; not a JMH benchmark and
 * not run by the build. Run it on the vm module's test classpath (target/classes, target/test-classes, the isa and
 * verifier classes, and for "polluted" also jqwik-api, junit-jupiter-api and opentest4j):
 * {@code java -cp ... io.femto4j.vm.FletcherBench [v1|v3] [seconds] [polluted]}. It prints the best round, and the
 * same checksum in plain Java as a yardstick for how fast the machine is at the moment.
 * The bytecode is clang 14 -O2 output ({@code -target bpf -mcpu=v1} or {@code v3}) of the textbook algorithm:
 * <pre>
 * u32 fletcher32(const u16 *data, u64 bytes) {
 *     u64 len = bytes / 2; u32 c0, c1;
 *     for (c0 = c1 = 0; len > 0; ) {
 *         u64 blocklen = len > 720 ? 720 : len;  len -= blocklen;
 *         do { c0 = c0 + *data++; c1 = c1 + c0; } while (--blocklen);
 *         c0 = c0 % 65535; c1 = c1 % 65535;
 *     }
 *     return c1 << 16 | c0;
 * }
 * </pre>
 */
public final class FletcherBench {
    public static final String V1 = "b700000000000000b7030000020000002d23240000000000b7050000000000007702000001000000"
            + "b70300000000000005001a000000000069100000000000000f030000000000000701000002000000bf30000000000000"
            + "0f5000000000000007060000ffffffffbf050000000000005506f8ff000000006700000020000000770000002000000"
            + "0bf0500000000000037050000ffff000027050000ffff00001f500000000000006703000020000000770300002000000"
            + "0bf3500000000000037050000ffff000027050000ffff00001f530000000000001f42000000000000bf0500000000000"
            + "0550203000000000067000000100000004f300000000000000500060000000000b7000000d0020000bf2400000000000"
            + "02d20010000000000b7040000d0020000bf460000000000000500e0ff000000009500000000000000";
    public static final String V3 = "b400000000000000a5021f0002000000b4050000000000007702000001000000b40300000000"
            + "0000050016000000000069100000000000000c030000000000000701000002000000bc300000000000000c50000000000"
            + "00007060000ffffffffbc050000000000005506f8ff00000000bc0500000000000034050000ffff000024050000ffff00"
            + "001c50000000000000bc3500000000000034050000ffff000024050000ffff00001c530000000000001f420000000000"
            + "00bc05000000000000550203000000000064000000100000004c300000000000000500050000000000bf240000000000"
            + "00a5020100d0020000b7040000d0020000bf460000000000000500e5ff000000009500000000000000";

    /** 360 characters of input, as in the paper's artifact (our own text, not the artifact's). */
    public static final byte[] INPUT = ("The quick brown fox jumps over the lazy dog; pack my box with five dozen "
            + "liquor jugs. How vexingly quick daft zebras jump! Sphinx of black quartz, judge my vow. Jackdaws "
            + "love my big sphinx of quartz. The five boxing wizards jump quickly. Bright vixens jump; dozy fowl "
            + "quack. Quick wafting zephyrs vex bold Jim. Waltz, nymph, for quick jigs vex Bud. Glib jocks quiz "
            + "nymph to vex dwarf!!").substring(0, 360).getBytes(StandardCharsets.US_ASCII);

    public static final long ADDRESS = 0x1000_0000L;

    private FletcherBench() {
    }

    public static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** The same computation in Java, to check the VM's answer. */
    public static long reference(byte[] data) {
        long len = data.length / 2;
        int c0 = 0;
        int c1 = 0;
        int at = 0;
        while (len > 0) {
            long block = Math.min(len, 720);
            len -= block;
            do {
                c0 += (data[at] & 0xff) | (data[at + 1] & 0xff) << 8;
                at += 2;
                c1 += c0;
            } while (--block != 0);
            c0 = Integer.remainderUnsigned(c0, 65535);
            c1 = Integer.remainderUnsigned(c1, 65535);
        }
        return (c1 << 16 | c0) & 0xffffffffL;
    }

    public static Vm load(String hex) throws Exception {
        return Vm.load(Verifier.verify(hex(hex), Policy.permissive(n -> false)).orThrow(), HelperTable.empty());
    }

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "v1";
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        if (args.length > 2 && args[2].equals("polluted")) {
            // A host runs many programs: let the JIT see every operation first (random programs, as in the
            // property test), so the loop is compiled for all of them, not just Fletcher's.
            java.util.Random rnd = new java.util.Random(1);
            for (int i = 0; i < 200_000; i++) {
                RandomProgramsTest.Case c = RandomProgramsTest.generate(rnd);
                if (Verifier.verify(c.code(), RandomProgramsTest.POLICY) instanceof io.femto4j.verifier.Verification.Accepted a) {
                    RandomProgramsTest.run(Vm.load(a.program(), RandomProgramsTest.HELPERS), c, 3000);
                }
            }
        }
        Vm vm = load(which.equals("v3") ? V3 : V1);
        Memory memory = Memory.of(Region.readOnly("input", ADDRESS, INPUT));
        Outcome first = vm.run(memory, ADDRESS, INPUT.length, 1_000_000);
        long expected = reference(INPUT);
        if (!(first instanceof Outcome.Returned ret) || ret.r0() != expected) {
            throw new AssertionError(first + " expected 0x" + Long.toHexString(expected));
        }
        long insns = first.instructions();
        System.out.printf("fletcher32 %s: %d instructions per call, checksum 0x%08x%n", which, insns, expected);
        long sink = 0;
        double best = Double.MAX_VALUE;
        double bestJava = Double.MAX_VALUE;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            int calls = 20_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += ((Outcome.Returned) vm.run(memory, ADDRESS, INPUT.length, 1_000_000)).r0();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += reference(INPUT);
            }
            long t2 = System.nanoTime();
            best = Math.min(best, (double) (t1 - t0) / calls);
            bestJava = Math.min(bestJava, (double) (t2 - t1) / calls);
        }
        // Best round, not mean: the machine is shared, and the best round is the one least disturbed.
        System.out.printf("best: %.1f ns/call, %.3f ns/insn; plain Java %.1f ns/call (ratio %.1f)%n", best,
                best / insns, bestJava, best / bestJava);
        System.out.println(sink == 42 ? "" : "done");
    }
}
