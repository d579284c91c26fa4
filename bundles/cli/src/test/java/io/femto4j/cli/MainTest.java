package io.femto4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    @TempDir
    Path dir;

    /** Exit code and what was printed. */
    record Result(int code, String out, String err) {
    }

    static Result withInput(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.US_ASCII)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result femto(String... args) {
        return withInput("", args);
    }

    private Path file(String name, String hex) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, HexTest.bytes(hex));
        return p;
    }

    private static void assertOneLineNoTrace(Result r) {
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void runPrintsR0InHex() throws IOException {
        // mov r0, r2 (memory length); add r0, r1 (memory address); exit
        Path p = file("p.bin", "bf20000000000000" + "0f10000000000000" + "9500000000000000");
        Result r = femto("run", p.toString(), "--mem", "01 02 03");
        assertEquals(0, r.code(), r.err());
        assertEquals("0x" + Long.toHexString(Main.MEMORY_ADDRESS + 3), r.out().strip());
        assertEquals("0x0", femto("run", p.toString()).out().strip(), "no memory: r1 = r2 = 0");
    }

    @Test
    void runReportsVerifierRejectionWithDiagnostics() throws IOException {
        // call 7 is not allowed: the run command's policy allows no helpers
        Path p = file("h.bin", "8500000007000000" + "9500000000000000");
        Result r = femto("run", p.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("rejected"), r.err());
        assertTrue(r.err().contains("call to helper 7, which the policy does not allow"), r.err());
        assertFalse(r.err().contains("\tat "));
    }

    @Test
    void runReportsFaults() throws IOException {
        Path p = file("oob.bin", "7910000000000000" + "9500000000000000"); // ldxdw r0, [r1]: 8 bytes from 2
        Result r = femto("run", p.toString(), "--mem", "0102");
        assertEquals(1, r.code());
        assertOneLineNoTrace(r);
        assertTrue(r.err().contains("fault at insn 0") && r.err().contains("outside every region"), r.err());
        Path loop = file("loop.bin", "0500ffff00000000" + "9500000000000000"); // ja -1
        Result b = femto("run", loop.toString(), "--budget", "1000");
        assertEquals(1, b.code());
        assertTrue(b.err().contains("budget of 1000"), b.err());
    }

    @Test
    void badUsageExitsTwoWithOneLine() throws IOException {
        Path p = file("p.bin", "9500000000000000");
        for (String[] args : new String[][] {{}, {"frobnicate"}, {"run"}, {"run", p.toString(), "--budget"},
                {"run", p.toString(), "--budget", "0"}, {"run", p.toString(), "--budget", "x"},
                {"run", p.toString(), "--mem", "zz"}, {"run", p.toString(), "--mem", "123"},
                {"run", p.toString(), "extra"}, {"run", p.toString(), "--what"}, {"asm"}, {"disasm"},
                {"disasm", "a", "b"}, {"plugin", "00", "--nope"}}) {
            Result r = femto(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertOneLineNoTrace(r);
            assertTrue(r.err().startsWith("femto: "), r.err());
        }
    }

    @Test
    void missingFileIsAnErrorNotUsage() {
        Result r = femto("run", dir.resolve("nope.bin").toString());
        assertEquals(1, r.code());
        assertOneLineNoTrace(r);
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void helpPrintsUsage() {
        Result r = femto("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("usage: femto run"));
    }

    @Test
    void pluginRunsProgramFromStdinWithSuiteHelpers() {
        // mov r1, 9; call 3 (sqrti); exit  ->  3
        Result r = withInput("b701000009000000 8500000003000000 9500000000000000\n", "plugin");
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("0x3", r.out().strip());
        // memory given in the runner's format; ldxb r0, [r1+1]
        Result m = withInput("7110010000000000 9500000000000000\n", "plugin", "aa  bb  ");
        assertEquals("0xbb", m.out().strip());
        // empty memory and empty options, as the runner passes them for a test without memory
        assertEquals("0x7", withInput("b700000007000000 9500000000000000\n", "plugin", "", "").out().strip());
        assertEquals("0x7", withInput("b700000007000000 9500000000000000\n", "plugin", "", "--budget 10").out().strip());
    }

    @Test
    void pluginReportsErrorsOnStdoutAndNonZero() {
        Result r = withInput("8500000009000000 9500000000000000\n", "plugin"); // helper 9: not a suite helper
        assertEquals(1, r.code());
        assertTrue(r.out().contains("call to helper 9, which the policy does not allow"), r.out());
        Result e = withInput("", "plugin");
        assertEquals(1, e.code());
        Result h = withInput("not hex\n", "plugin");
        assertEquals(1, h.code());
        Result f = withInput("b701000000000000 7910000000000000 9500000000000000\n", "plugin"); // ldxdw from address 0
        assertEquals(1, f.code());
        assertTrue(f.out().contains("outside every region"), f.out());
    }

    @Test
    void asmAndDisasmReportPlaceholdersCleanly() throws IOException {
        // On this branch the assembler and disassembler are placeholders; the CLI must still fail in one line.
        Path s = dir.resolve("a.s");
        Files.writeString(s, "exit\n");
        Result a = femto("asm", s.toString());
        Path p = file("p.bin", "9500000000000000");
        Result d = femto("disasm", p.toString());
        for (Result r : new Result[] {a, d}) {
            if (r.code() != 0) {
                assertEquals(1, r.code());
                assertOneLineNoTrace(r);
            }
        }
        Result bad = femto("disasm", file("bad.bin", "ff00000000000000").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("unknown opcode 0xff"), bad.err());
    }
}
