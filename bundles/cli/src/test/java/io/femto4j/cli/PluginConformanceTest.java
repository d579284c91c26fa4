package io.femto4j.cli;

import io.femto4j.isa.testing.ConformanceCase;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * All of the conformance suite through the plugin code path, one in-process {@code Main.run("plugin", ...)} per
 * test, with memory and program in exactly the runner's format. (Spawning 313 JVMs would take minutes; the real
 * process is tested by FemtoScriptIT.)
 */
class PluginConformanceTest {

    @TestFactory
    List<DynamicTest> everyTestThroughThePlugin() throws IOException {
        List<ConformanceCase> tests = Suite.tests();
        assertEquals(Suite.EXPECTED_TESTS, tests.size(), "tests in tests.json");
        List<DynamicTest> out = new ArrayList<>();
        for (ConformanceCase test : tests) {
            out.add(DynamicTest.dynamicTest(test.name(), () -> {
                MainTest.Result r = MainTest.withInput(Suite.programInput(test), "plugin", Suite.memoryArgument(test), "");
                assertEquals(0, r.code(), r.out() + r.err());
                // The runner parses the output as hex and compares it with the expected result.
                long got = Long.parseUnsignedLong(r.out().strip().substring(2), 16);
                assertEquals(Long.toHexString(Suite.expected(test)), Long.toHexString(got));
            }));
        }
        return out;
    }
}
