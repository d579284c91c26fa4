package io.femto4j.benchmarks;

import io.femto4j.board.EnginePolicy;
import io.femto4j.hooks.ChainResult;
import io.femto4j.hooks.HookPoint;
import io.femto4j.runtime.Invocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hook path, through the platform's own classes as plain Java objects ({@link BenchPlatform}: the device
 * manager's device, the hook manager's registry, the real {@code sched} provider): what the sched provider does on
 * every thread switch, {@code point.fire(Invocation.sched(previous, next))}.
 * <ul>
 *   <li>{@code emptyFire}: no container attached; {@code emptyTrigger}: the same through
 *       {@code HookManager.trigger(device, hook, invocation)}, which looks the hook up by name.</li>
 *   <li>{@code trivialContainer}: one attached container, {@code mov r0, 0; exit}.</li>
 *   <li>{@code threadCounter}: {@code sdk/examples/thread_counter.o} (an atomic add in the global store).</li>
 * </ul>
 * Baselines of the same run: {@code baselineEvent} only makes the event (its 16-byte context), and
 * {@code baselineJavaCounter} does the thread counter's work in Java (a per-key counter in a concurrent map).
 * The container benchmarks run once per engine policy ({@code compile} never or always).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(2)
public class HookBenchmark {
    static final long PREVIOUS = 1;
    static final long NEXT = 2;

    /** {@code mov r0, 0; exit}. */
    static final byte[] TRIVIAL = {(byte) 0xb7, 0, 0, 0, 0, 0, 0, 0, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0};

    @State(Scope.Benchmark)
    public static class Empty {
        BenchPlatform platform;
        HookPoint point;

        @Setup(Level.Trial)
        public void setUp() {
            platform = new BenchPlatform(EnginePolicy.NEVER);
            point = platform.schedPoint();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            platform.close();
        }
    }

    @State(Scope.Benchmark)
    public static class OneContainer {
        @Param({"never", "always"})
        public String compile;
        BenchPlatform platform;
        HookPoint point;

        void install(byte[] image) {
            platform = new BenchPlatform(EnginePolicy.parse(compile));
            platform.installOnSched("c", image);
            point = platform.schedPoint();
            ChainResult r = point.fire(Invocation.sched(PREVIOUS, NEXT));
            if (r.runs().size() != 1 || !r.runs().get(0).returned()) {
                throw new IllegalStateException("the container did not run: " + r);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            platform.close();
        }
    }

    public static class Trivial extends OneContainer {
        @Setup(Level.Trial)
        public void setUp() {
            install(TRIVIAL);
        }
    }

    public static class ThreadCounter extends OneContainer {
        @Setup(Level.Trial)
        public void setUp() {
            install(Examples.object("thread_counter"));
        }
    }

    @Benchmark
    public ChainResult emptyFire(Empty s) {
        return s.point.fire(Invocation.sched(PREVIOUS, NEXT));
    }

    @Benchmark
    public ChainResult emptyTrigger(Empty s) {
        return s.platform.hooks.trigger("dev0", "sched", Invocation.sched(PREVIOUS, NEXT));
    }

    @Benchmark
    public ChainResult trivialContainer(Trivial s) {
        return s.point.fire(Invocation.sched(PREVIOUS, NEXT));
    }

    @Benchmark
    public ChainResult threadCounter(ThreadCounter s) {
        return s.point.fire(Invocation.sched(PREVIOUS, NEXT));
    }

    @Benchmark
    public Invocation baselineEvent() {
        return Invocation.sched(PREVIOUS, NEXT);
    }

    @State(Scope.Benchmark)
    public static class JavaCounts {
        final ConcurrentHashMap<Long, LongAdder> counts = new ConcurrentHashMap<>();
    }

    @Benchmark
    public Invocation baselineJavaCounter(JavaCounts s) {
        Invocation event = Invocation.sched(PREVIOUS, NEXT);
        s.counts.computeIfAbsent(NEXT, k -> new LongAdder()).increment();
        return event;
    }
}
