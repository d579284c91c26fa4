package io.femto4j.benchmarks;

import io.femto4j.board.EnginePolicy;
import io.femto4j.hooks.ChainResult;
import io.femto4j.hooks.HookPoint;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.store.ContainerId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scale: {@value #CONTAINERS} thread counters ({@code sdk/examples/thread_counter.o}) installed on one device and
 * attached to its {@code sched} hook, through the platform's own classes ({@link BenchPlatform}).
 * <ul>
 *   <li>{@code fireAll1Thread} / {@code fireAllAllCores}: one firing of the hook runs all {@value #CONTAINERS}
 *       containers; the score is container runs per second (one thread, or as many threads as cores, each firing
 *       with its own thread id as {@code next}).</li>
 *   <li>{@code installAt10k}: installing (and uninstalling, to keep the count) one more container on the device
 *       that holds them, per operation.</li>
 *   <li>{@code install10k}: installing all {@value #CONTAINERS} on a fresh device, one shot per iteration.</li>
 * </ul>
 * Memory per installed container at this scale is measured by {@link Footprint} (JOL).
 */
@Fork(2)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
public class ScaleBenchmark {
    public static final int CONTAINERS = 10_000;

    static BenchPlatform installed(EnginePolicy compile, int count) {
        BenchPlatform platform = new BenchPlatform(compile);
        byte[] image = Examples.object("thread_counter");
        for (int i = 0; i < count; i++) {
            platform.installOnSched("c" + i, image);
        }
        return platform;
    }

    @State(Scope.Benchmark)
    public static class Installed {
        @Param({"never", "always"})
        public String compile;
        BenchPlatform platform;
        HookPoint point;
        byte[] image;

        @Setup(Level.Trial)
        public void setUp() {
            platform = installed(EnginePolicy.parse(compile), CONTAINERS);
            point = platform.schedPoint();
            image = Examples.object("thread_counter");
            ChainResult r = point.fire(Invocation.sched(1, 2));
            if (r.runs().size() != CONTAINERS) {
                throw new IllegalStateException(r.runs().size() + " runs, not " + CONTAINERS);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            platform.close();
        }
    }

    /** Each benchmark thread is a logical thread of its own: the counter it switches to. */
    @State(Scope.Thread)
    public static class Switch {
        static final AtomicLong IDS = new AtomicLong();
        final long next = IDS.incrementAndGet();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTAINERS)
    @Threads(1)
    public ChainResult fireAll1Thread(Installed s, Switch t) {
        return s.point.fire(Invocation.sched(0, t.next));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(CONTAINERS)
    @Threads(Threads.MAX)
    public ChainResult fireAllAllCores(Installed s, Switch t) {
        return s.point.fire(Invocation.sched(0, t.next));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void installAt10k(Installed s) throws Exception {
        ContainerId id = ContainerId.of("extra");
        s.platform.device.install(id, s.image, BenchPlatform.TENANT, s.platform.schedSpec, null);
        s.platform.device.uninstall(id);
    }

    @State(Scope.Benchmark)
    public static class Fresh {
        @Param({"never", "always"})
        public String compile;
        BenchPlatform platform;

        @Setup(Level.Iteration)
        public void setUp() {
            platform = new BenchPlatform(EnginePolicy.parse(compile));
        }

        @TearDown(Level.Iteration)
        public void tearDown() throws InterruptedException {
            platform.close();
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public BenchPlatform install10k(Fresh s) {
        byte[] image = Examples.object("thread_counter");
        for (int i = 0; i < CONTAINERS; i++) {
            s.platform.installOnSched("c" + i, image);
        }
        return s.platform;
    }
}
