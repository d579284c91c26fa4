package io.femto4j.jit;

import io.femto4j.vm.Engine;
import io.femto4j.isa.testing.ConformanceCase;
import io.femto4j.isa.testing.ConformanceSuite;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.Memory;
import io.femto4j.vm.Outcome;
import io.femto4j.vm.Region;
import io.femto4j.vm.Sections;
import io.femto4j.vm.Vm;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Every positive test of the public conformance suite through the compiler: it must compile (no fallback), return
 * the expected r0, and agree with the interpreter on the whole outcome and on memory afterwards.
 */
class ConformanceTest {
    static final long MEMORY_ADDRESS = 0x1000_0000L;
    static final int EXPECTED_TESTS = 313;

    @TestFactory
    List<DynamicTest> suiteThroughTheCompiler() {
        List<ConformanceCase> cases = ConformanceSuite.tests();
        assertEquals(EXPECTED_TESTS, cases.size(), "positive conformance tests");
        HelperTable helpers = TestHelpers.suite();
        Policy policy = Policy.permissive(n -> n >= 0 && n <= 5);
        List<DynamicTest> out = new ArrayList<>();
        for (ConformanceCase c : cases) {
            out.add(DynamicTest.dynamicTest(c.name(), () -> {
                Verification v = Verifier.verify(c.bytecode(), policy);
                Verification.Accepted accepted = assertInstanceOf(Verification.Accepted.class, v,
                        () -> v.diagnostics().toString());
                Engine engine = Jit.load(accepted.program(), helpers);
                assertEquals(Engine.Kind.COMPILER, engine.kind(), engine::description);
                Vm vm = Vm.load(accepted.program(), helpers, Sections.NONE);
                byte[] compiledMemory = c.memory();
                byte[] interpretedMemory = c.memory();
                Outcome compiled = run(engine::run, compiledMemory);
                Outcome interpreted = run(vm::run, interpretedMemory);
                assertEquals(interpreted, compiled);
                assertArrayEquals(interpretedMemory, compiledMemory, "memory afterwards");
                if (c.result() != null) {
                    Outcome.Returned ret = assertInstanceOf(Outcome.Returned.class, compiled, compiled::toString);
                    assertEquals(Long.toHexString(c.result()), Long.toHexString(ret.r0()), c.name());
                }
            }));
        }
        return out;
    }

    /**
     * Each suite program with every budget from 1 to one past what it needs (at most 600): the compiler must stop
     * where the interpreter stops, with the same fault, count and memory, including inside units and callees.
     */
    @TestFactory
    List<DynamicTest> everyBudget() {
        HelperTable helpers = TestHelpers.suite();
        Policy policy = Policy.permissive(n -> n >= 0 && n <= 5);
        List<DynamicTest> out = new ArrayList<>();
        for (ConformanceCase c : ConformanceSuite.tests()) {
            out.add(DynamicTest.dynamicTest(c.name(), () -> {
                Verification.Accepted accepted = (Verification.Accepted) Verifier.verify(c.bytecode(), policy);
                Engine engine = Jit.load(accepted.program(), helpers);
                Vm vm = Vm.load(accepted.program(), helpers, Sections.NONE);
                long needed = run(vm::run, c.memory()).instructions();
                for (long budget = 1; budget <= Math.min(needed + 1, 600); budget++) {
                    long b = budget;
                    byte[] compiledMemory = c.memory();
                    byte[] interpretedMemory = c.memory();
                    Outcome compiled = run((m, r1, r2, x) -> engine.run(m, r1, r2, b), compiledMemory);
                    Outcome interpreted = run((m, r1, r2, x) -> vm.run(m, r1, r2, b), interpretedMemory);
                    assertEquals(interpreted, compiled, "budget " + budget);
                    assertArrayEquals(interpretedMemory, compiledMemory, "memory afterwards, budget " + budget);
                }
            }));
        }
        return out;
    }

    interface Runner {
        Outcome run(Memory memory, long r1, long r2, long budget);
    }

    static Outcome run(Runner runner, byte[] mem) {
        Memory memory = mem.length == 0 ? Memory.empty() : Memory.of(Region.writable("input", MEMORY_ADDRESS, mem));
        return runner.run(memory, mem.length == 0 ? 0 : MEMORY_ADDRESS, mem.length, 1_000_000);
    }
}
