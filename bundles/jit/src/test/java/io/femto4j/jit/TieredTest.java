package io.femto4j.jit;

import io.femto4j.vm.Engine;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Sections;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TieredTest {
    private static final String PROGRAM = "mov %r0, 2\nadd %r0, 3\nexit\n";

    @Test
    void interpretsForTheFirstRunsThenRunsCompiledWithTheSameOutcomes() throws Exception {
        Engine engine = Jit.tiered(FallbackTest.verify(PROGRAM), HelperTable.empty(), Sections.NONE, 3);
        for (int run = 1; run <= 3; run++) {
            assertEquals(new Outcome.Returned(5, 3), engine.run(Memory.empty(), 0, 0, 100));
            assertEquals(Engine.Kind.INTERPRETER, engine.kind(), "after run " + run);
        }
        assertEquals("interpreter (compiles after 3 runs; 3 so far)", engine.description());
        assertEquals(new Outcome.Returned(5, 3), engine.run(Memory.empty(), 0, 0, 100));
        assertEquals(Engine.Kind.COMPILER, engine.kind(), engine::description);
        assertTrue(engine.description().endsWith(", after 3 interpreted runs"), engine::description);
        // the budget still binds the compiled runs exactly as the interpreted ones
        assertEquals(Outcome.Faulted.class, engine.run(Memory.empty(), 0, 0, 2).getClass());
    }

    @Test
    void zeroCompilesAtTheFirstRunAndNegativeIsRefused() throws Exception {
        Engine engine = Jit.tiered(FallbackTest.verify(PROGRAM), HelperTable.empty(), Sections.NONE, 0);
        engine.run(Memory.empty(), 0, 0, 100);
        assertEquals(Engine.Kind.COMPILER, engine.kind());
        assertThrows(IllegalArgumentException.class,
                () -> Jit.tiered(FallbackTest.verify(PROGRAM), HelperTable.empty(), Sections.NONE, -1));
    }

    @Test
    void concurrentRunsAcrossTheThresholdAllSucceedAndCompileOnce() throws Exception {
        Engine engine = Jit.tiered(FallbackTest.verify(PROGRAM), HelperTable.empty(), Sections.NONE, 50);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                runs.add(pool.submit(() -> engine.run(Memory.empty(), 0, 0, 100)));
            }
            for (Future<Outcome> run : runs) {
                assertEquals(new Outcome.Returned(5, 3), run.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Engine.Kind.COMPILER, engine.kind());
    }
}
