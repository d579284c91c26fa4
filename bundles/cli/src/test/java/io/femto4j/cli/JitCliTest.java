package io.femto4j.cli;

import io.femto4j.isa.testing.ConformanceCase;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run --jit} and {@code plugin --jit}: the compiler behind the same command line, with the same results. */
class JitCliTest {
    @TempDir
    Path dir;

    @TestFactory
    List<DynamicTest> everyTestThroughThePluginCompiled() throws IOException {
        List<ConformanceCase> tests = Suite.tests();
        assertEquals(Suite.EXPECTED_TESTS, tests.size(), "tests in tests.json");
        List<DynamicTest> out = new ArrayList<>();
        for (ConformanceCase test : tests) {
            out.add(DynamicTest.dynamicTest(test.name(), () -> {
                MainTest.Result r = MainTest.withInput(Suite.programInput(test), "plugin", Suite.memoryArgument(test),
                        "--jit");
                assertEquals(0, r.code(), r.out() + r.err());
                long got = Long.parseUnsignedLong(r.out().strip().substring(2), 16);
                assertEquals(Long.toHexString(Suite.expected(test)), Long.toHexString(got));
            }));
        }
        return out;
    }

    @Test
    void runWithTheCompilerReportsFaultsAsTheInterpreterDoes() throws IOException {
        Path oob = file("oob.bin", "7910000000000000" + "9500000000000000"); // ldxdw r0, [r1]: 8 bytes from 2
        for (String[] extra : new String[][] {{}, {"--jit"}}) {
            List<String> args = new ArrayList<>(List.of("run", oob.toString(), "--mem", "0102"));
            args.addAll(List.of(extra));
            MainTest.Result r = MainTest.femto(args.toArray(new String[0]));
            assertEquals(1, r.code());
            assertTrue(r.err().contains("fault at insn 0") && r.err().contains("outside every region"), r.err());
        }
        Path loop = file("loop.bin", "0500ffff00000000" + "9500000000000000"); // ja -1
        MainTest.Result b = MainTest.femto("run", loop.toString(), "--budget", "1000", "--jit");
        assertEquals(1, b.code());
        assertTrue(b.err().contains("budget of 1000"), b.err());
        Path seven = file("seven.bin", "b700000007000000" + "9500000000000000");
        assertEquals("0x7", MainTest.femto("run", seven.toString(), "--jit").out().strip());
    }

    private Path file(String name, String hex) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, HexFormat.of().parseHex(hex));
        return p;
    }
}
