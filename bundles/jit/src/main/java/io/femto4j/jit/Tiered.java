package io.femto4j.jit;

import io.femto4j.vm.Engine;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Vm;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Interprets a program until it has run a given number of times, then runs it compiled. The run that crosses the
 * threshold compiles (about a millisecond) before it runs; runs on other threads meanwhile keep interpreting. Both
 * engines give the same outcomes, so the switch is invisible but for speed.
 */
final class Tiered implements Engine {
    private final Vm interpreter;
    private final long compileAfterRuns;
    private final AtomicLong runs = new AtomicLong();
    private volatile Engine compiled;

    Tiered(Vm interpreter, long compileAfterRuns) {
        if (compileAfterRuns < 0) {
            throw new IllegalArgumentException("compileAfterRuns must be at least 0: " + compileAfterRuns);
        }
        this.interpreter = interpreter;
        this.compileAfterRuns = compileAfterRuns;
    }

    @Override
    public Outcome run(Memory memory, long r1, long r2, long budget) {
        Engine engine = compiled;
        if (engine == null) {
            // exactly one run sees the count reach the threshold, so the program is compiled once
            engine = runs.incrementAndGet() == compileAfterRuns + 1 ? (compiled = Jit.compile(interpreter)) : interpreter;
        }
        return engine.run(memory, r1, r2, budget);
    }

    @Override
    public Kind kind() {
        Engine engine = compiled;
        return engine == null ? Kind.INTERPRETER : engine.kind();
    }

    @Override
    public String description() {
        Engine engine = compiled;
        return engine != null ? engine.description() + ", after " + compileAfterRuns + " interpreted runs"
                : "interpreter (compiles after " + compileAfterRuns + " runs; " + runs.get() + " so far)";
    }

    @Override
    public String toString() {
        return description();
    }
}
