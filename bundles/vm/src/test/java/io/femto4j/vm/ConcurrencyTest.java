package io.femto4j.vm;

import io.femto4j.isa.Op;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.femto4j.vm.P.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One loaded Vm shared by threads, each with its own memory. */
class ConcurrencyTest {

    @Test
    void oneVmManyThreads() throws Exception {
        // sum of the bytes of the region at r1 (length r2), using the stack too
        Vm vm = vm(movImm(0, 0), movImm(3, 0), i(Op.JEQ64_IMM, 2, 0, 7, 0),
                aluReg(Op.MOV64_REG, 4, 1), aluReg(Op.ADD64_REG, 4, 3), i(Op.LDXB, 5, 4, 0, 0),
                i(Op.STXDW, 10, 5, -8, 0), i(Op.LDXDW, 5, 10, -8, 0), aluReg(Op.ADD64_REG, 0, 5),
                aluImm(Op.ADD64_IMM, 3, 1), i(Op.JNE64_REG, 3, 2, -8, 0), exit());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                int n = t;
                results.add(pool.submit(() -> {
                    byte[] mem = new byte[100 + n];
                    java.util.Arrays.fill(mem, (byte) n);
                    long last = 0;
                    for (int k = 0; k < 500; k++) {
                        last = r0(vm.run(Memory.of(Region.readOnly("m", MEM, mem)), MEM, mem.length, BUDGET));
                    }
                    return last;
                }));
            }
            for (int t = 0; t < 16; t++) {
                assertEquals((long) (100 + t) * t, results.get(t).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
