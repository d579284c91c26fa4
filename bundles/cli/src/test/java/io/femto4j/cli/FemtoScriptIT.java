package io.femto4j.cli;

import io.femto4j.isa.testing.ConformanceCase;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code bin/femto plugin} as a real process, the way the conformance runner starts it, for a few suite tests.
 * Runs in the integration-test phase (failsafe), after the CLI jar and its lib/ folder are packaged.
 */
class FemtoScriptIT {

    private static Path script() {
        String repo = System.getProperty("femto4j.repo.dir");
        if (repo == null) {
            fail("system property femto4j.repo.dir is not set (Maven sets it)");
        }
        Path script = Path.of(repo, "bin", "femto");
        assertTrue(Files.isExecutable(script), script + " is not executable");
        Path jar = Path.of(repo, "bundles/cli/target/io.femto4j.cli-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.exists(jar), jar + " is not built; this test runs after 'package'");
        return script;
    }

    private record Run(int code, String out) {
    }

    private static Run plugin(Path script, String mem, String program) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(script.toString(), "plugin", mem, ""));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(program.getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/femto did not finish");
        return new Run(p.exitValue(), out);
    }

    @Test
    void pluginProcessPassesSuiteTests() throws Exception {
        Path script = script();
        int ran = 0;
        for (ConformanceCase test : Suite.tests()) {
            String name = test.name();
            // One plain test, one with memory, one with a helper call and one BPF-to-BPF call.
            if (!List.of("add", "ldxh", "call_unwind_fail", "call_local").contains(name)) {
                continue;
            }
            Run r = plugin(script, Suite.memoryArgument(test), Suite.programInput(test));
            assertEquals(0, r.code(), name + ": " + r.out());
            assertEquals(Suite.expected(test), Long.parseUnsignedLong(r.out().strip().substring(2), 16), name);
            ran++;
        }
        assertEquals(4, ran, "suite tests found and run");
    }

    @Test
    void pluginProcessFailsNonZeroWithMessage() throws Exception {
        Run r = plugin(script(), "", "8500000009000000 9500000000000000\n");
        assertTrue(r.code() != 0);
        assertTrue(r.out().contains("which the policy does not allow"), r.out());
    }
}
