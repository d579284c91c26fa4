package io.femto4j.vm;


/**
 * Dispatch cost probe for development: tiny loops, best of several rounds. Not run by the build.
 * {@code java -cp ... io.femto4j.vm.LoopBench}
 */
public final class LoopBench {
    private LoopBench() {
    }

    public static void main(String[] args) throws Exception {
        // r1 counts to 1000: add r1,1 ; jne r1,1000,-2 ; exit
        String addLoop = "0701000001000000" + "5501feffe8030000" + "9500000000000000";
        // with 4 extra ALU ops in the body
        String alu = "0701000001000000" + "bf12000000000000" + "0f32000000000000" + "0704000005000000"
                + "af24000000000000" + "5501faffe8030000" + "9500000000000000";
        // with a stack store+load
        String stack = "0701000001000000" + "7b1af8ff00000000" + "79a0f8ff00000000" + "5501fcffe8030000" + "9500000000000000";
        // 16-bit loads from a 2000-byte region: r6 = 1000; loop: ldxh r0,[r1]; add r3,r0; add r1,2; add r6,-1; jne r6,0
        String region = "b7060000e8030000"
                + "6910000000000000" + "0f03000000000000" + "0701000002000000" + "07060000ffffffff"
                + "5506fbff00000000" + "bf30000000000000" + "9500000000000000";
        // 180 rounds of 7 adds and a jlt imm: to independent registers, then all to r0 (one dependency chain).
        // Equal times mean the cost is dispatch, not the latency of registers kept in memory.
        String independent = "b706000000000000" + "0701000002000000" + "0702000003000000" + "0703000004000000"
                + "0707000005000000" + "0708000001000000" + "0709000001000000" + "0706000001000000"
                + "a506f8ffb4000000" + "bf60000000000000" + "9500000000000000";
        String dependent = "b706000000000000" + "0700000002000000" + "0700000003000000" + "0700000004000000"
                + "0700000005000000" + "0700000001000000" + "0700000001000000" + "0706000001000000"
                + "a506f8ffb4000000" + "9500000000000000";
        // 32-bit code as clang emits it: mov32 imm, add32, jslt32 imm (180 rounds of 7)
        String wide32 = "b406000000000000" + "b400000000000000" + "0c60000000000000" + "b401000007000000"
                + "0c10000000000000" + "b402000003000000" + "0406000001000000" + "c606f9ffb4000000"
                + "9500000000000000";
        Memory mem = Memory.of(Region.readOnly("input", FletcherBench.ADDRESS, new byte[2000]));
        for (String[] c : new String[][] {{"add+jne", addLoop, "2001"}, {"alu x6", alu, "6001"},
                {"stack", stack, "4001"}, {"region", region, "5003"}, {"indep", independent, "1443"},
                {"dep", dependent, "1442"}, {"mov32+jslt32", wide32, "1262"}}) {
            if (args.length > 0 && !args[0].equals(c[0])) {
                continue;
            }
            Vm vm = FletcherBench.load(c[1]);
            long insns = Long.parseLong(c[2]);
            long r1 = c[0].equals("region") ? FletcherBench.ADDRESS : 0;
            Outcome first = vm.run(mem, r1, 2000, 1 << 30);
            if (first.instructions() != insns) {
                throw new AssertionError(c[0] + ": " + first);
            }
            double best = Double.MAX_VALUE;
            long end = System.nanoTime() + 3_000_000_000L;
            long sink = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 2000; i++) {
                    sink += ((Outcome.Returned) vm.run(mem, r1, 2000, 1 << 30)).r0();
                }
                best = Math.min(best, (double) (System.nanoTime() - t0) / 2000 / insns);
            }
            System.out.printf("%-8s %d insns/run  %.3f ns/insn %s%n", c[0], insns, best, sink == 7 ? "" : "");
        }
    }
}
