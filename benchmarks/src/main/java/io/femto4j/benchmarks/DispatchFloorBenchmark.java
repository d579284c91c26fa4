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
 * How fast can a switch interpreter run {@code fletcher32.bin} on this JVM at all? {@link DispatchFloor} is the
 * least such an interpreter does (no budget, no faults, one region), run with one instruction per dispatch and
 * with the word loop fused into pairs, quads and one handler per iteration. Run it with
 * {@link Fletcher32Benchmark}'s {@code plainJava} and {@code interpreter} as baselines in the same run:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'Fletcher32Benchmark.(plainJava|interpreter)$|DispatchFloorBenchmark' -f 2 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(2)
public class DispatchFloorBenchmark {
    private static final long INPUT_ADDRESS = 0x1000_0000L;

    private byte[] input;
    private DispatchFloor oneByOne;
    private DispatchFloor pairs;
    private DispatchFloor quads;
    private DispatchFloor wholeLoop;

    @Setup(Level.Trial)
    public void setUp() {
        input = Examples.fletcher32Input();
        byte[] program = Examples.fletcher32Program();
        oneByOne = checked(DispatchFloor.of(program, DispatchFloor.Fusion.NONE));
        pairs = checked(DispatchFloor.of(program, DispatchFloor.Fusion.PAIRS));
        quads = checked(DispatchFloor.of(program, DispatchFloor.Fusion.QUADS));
        wholeLoop = checked(DispatchFloor.of(program, DispatchFloor.Fusion.LOOP));
    }

    private DispatchFloor checked(DispatchFloor floor) {
        long r0 = floor.run(input, INPUT_ADDRESS);
        if (r0 != (Examples.FLETCHER32_EXPECTED & 0xffff_ffffL)) {
            throw new IllegalStateException(String.format("gave 0x%x: refusing to benchmark", r0));
        }
        return floor;
    }

    /** One eBPF instruction per dispatch. */
    @Benchmark
    public long oneByOne() {
        return oneByOne.run(input, INPUT_ADDRESS);
    }

    /** The word loop's 8 instructions in 4 dispatches. */
    @Benchmark
    public long pairs() {
        return pairs.run(input, INPUT_ADDRESS);
    }

    /** The word loop in 2 dispatches. */
    @Benchmark
    public long quads() {
        return quads.run(input, INPUT_ADDRESS);
    }

    /** The word loop in 1 dispatch an iteration. */
    @Benchmark
    public long wholeLoop() {
        return wholeLoop.run(input, INPUT_ADDRESS);
    }
}
