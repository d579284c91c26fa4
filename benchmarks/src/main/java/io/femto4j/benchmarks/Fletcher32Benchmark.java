package io.femto4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The Femto-Containers paper's workload: Fletcher-32 over the 360-byte test vector
 * ({@code sdk/examples/fletcher32-input.txt}), expected checksum 0x5bac8c3d.
 *
 * <p>{@link #plainJava()} is the baseline: the same algorithm as {@code sdk/examples/fletcher32.c}, in Java.
 * The interpreter benchmark, which runs {@code sdk/examples/fletcher32.bin} on the femto4j VM, is in
 * {@code benchmarks/src/pending/Fletcher32Interpreter.java.txt} until the VM lands.
 *
 * <p>Defaults: 3 forks, each of 5 warm-up and 5 measured iterations of 1 s (after 3 warm-up seconds the JIT
 * is still settling). Override them on the command line, e.g.
 * {@code java -jar benchmarks/target/benchmarks.jar Fletcher32Benchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(3)
public class Fletcher32Benchmark {

    /** The input; a field read on every call, so the JIT cannot fold the checksum to a constant. */
    private byte[] input;

    @Setup(Level.Trial)
    public void setUpPlainJava() {
        input = Examples.fletcher32Input();
        int checksum = Fletcher32.checksum(input);
        if (checksum != Examples.FLETCHER32_EXPECTED) {
            throw new IllegalStateException(String.format(
                    "plain-Java Fletcher-32 of the %d-byte input is 0x%08x, expected 0x%08x: refusing to benchmark",
                    input.length, checksum, Examples.FLETCHER32_EXPECTED));
        }
    }

    @Benchmark
    public int plainJava() {
        return Fletcher32.checksum(input);
    }
}
