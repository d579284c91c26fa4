package io.femto4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/femto verify} as a real process: the packaged CLI finds the runtime bundle it now needs for images,
 * and the exit codes reach the shell. Runs after 'package' (failsafe), like {@link FemtoScriptIT}.
 */
class VerifyScriptIT {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run femto(String... args) throws Exception {
        Path script = Path.of(System.getProperty("femto4j.repo.dir"), "bin", "femto");
        String[] cmd = new String[args.length + 1];
        cmd[0] = script.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/femto did not finish");
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void exitCodesAndDiagnosticsReachTheShell() throws Exception {
        Path ok = dir.resolve("ok.bin");
        Files.write(ok, HexTest.bytes("b700000007000000" + "9500000000000000"));
        Path bad = dir.resolve("bad.bin");
        Files.write(bad, HexTest.bytes("b70a000001000000" + "9500000000000000"));
        assertEquals(0, femto("verify", ok.toString()).code());
        Run rejected = femto("verify", bad.toString(), "--policy", "v4,strict");
        assertEquals(1, rejected.code(), rejected.err());
        assertTrue(rejected.out().strip().endsWith("[writes-r10]"), rejected.out());
        assertEquals(2, femto("verify").code());
    }
}
