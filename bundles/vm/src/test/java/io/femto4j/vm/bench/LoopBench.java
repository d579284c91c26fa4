package io.femto4j.vm.bench;

import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Vm;

/** Dispatch cost probe: tiny loops of given instruction hex, each ending the loop with a jne back. */
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
        for (String[] c : new String[][] {{"add+jne", addLoop, "2001"}, {"alu x6", alu, "6001"}, {"stack", stack, "4001"}}) {
            Vm vm = FletcherBench.load(c[1]);
            long insns = Long.parseLong(c[2]);
            double best = Double.MAX_VALUE;
            long end = System.nanoTime() + 3_000_000_000L;
            long sink = 0;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                for (int i = 0; i < 2000; i++) {
                    sink += ((Outcome.Returned) vm.run(Memory.empty(), 0, 0, 1 << 30)).r0();
                }
                best = Math.min(best, (double) (System.nanoTime() - t0) / 2000 / insns);
            }
            System.out.printf("%-8s %d insns/run  %.3f ns/insn %s%n", c[0], insns, best, sink == 7 ? "" : "");
        }
    }
}
