package io.femto4j.cli;

import io.femto4j.isa.Decoder;
import io.femto4j.runtime.image.Image;
import io.femto4j.runtime.image.Images;
import io.femto4j.runtime.image.RbfWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.femto4j.cli.MainTest.femto;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code femto verify}, and that {@code femto run} verifies before it runs. */
class VerifyCommandTest {
    static final String EXIT = "9500000000000000";

    @TempDir
    Path dir;

    private Path file(String name, String hex) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, HexTest.bytes(hex));
        return p;
    }

    @Test
    void acceptedProgramExitsZeroAndPrintsNothing() throws IOException {
        MainTest.Result r = femto("verify", file("ok.bin", "b700000007000000" + EXIT).toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        assertEquals("", r.err());
    }

    @Test
    void warningsArePrintedButTheProgramIsAccepted() throws IOException {
        // lsh r0, 64: the VM masks the count, so it is a warning, not an error
        MainTest.Result r = femto("verify", file("w.bin", "6700000040000000" + EXIT).toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(1, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("insn 0: warning: ") && lines.get(0).endsWith("[shift-out-of-range]"),
                lines.get(0));
    }

    @Test
    void rejectedProgramPrintsEveryDiagnosticOnePerLineAndExitsOne() throws IOException {
        // mov r10, 1 (writes the frame pointer); ja +5 (out of the program); exit
        MainTest.Result r = femto("verify", file("bad.bin", "b70a000001000000" + "0500050000000000" + EXIT).toString());
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertTrue(lines.size() >= 2, r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("insn 0: error: ") && l.endsWith("[writes-r10]")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("insn 1: error: ") && l.endsWith("[jump-out-of-program]")),
                r.out());
        assertEquals("femto: program rejected by the verifier (" + lines.stream().filter(l -> l.contains(": error: "))
                .count() + " errors)", r.err().strip());
    }

    @Test
    void truncatedRawBytecodeGetsTheVerifiersDiagnostic() throws IOException {
        MainTest.Result r = femto("verify", file("short.bin", "95000000").toString());
        assertEquals(1, r.code());
        assertTrue(r.out().strip().startsWith("program: error: ") && r.out().strip().endsWith("[bad-length]"), r.out());
    }

    @Test
    void policyDecidesHelpersAndGroups() throws IOException {
        Path call7 = file("call.bin", "8500000007000000" + EXIT);
        MainTest.Result byDefault = femto("verify", call7.toString());
        assertEquals(1, byDefault.code());
        assertTrue(byDefault.out().contains("[helper-not-allowed]"), byDefault.out());
        assertEquals(0, femto("verify", call7.toString(), "--policy", "helpers=1-7").code());
        // lock add [r10-8], r1 is fine by default and refused when the policy names only other groups
        Path atomic = file("atomic.bin", "db1af8ff00000000" + EXIT);
        assertEquals(0, femto("verify", atomic.toString()).code());
        MainTest.Result base = femto("verify", atomic.toString(), "--policy", "v3,base");
        assertEquals(1, base.code());
        assertTrue(base.out().contains("[opcode-not-allowed]"), base.out());
    }

    @Test
    void acceptsRbfImages() throws Exception {
        byte[] raw = HexTest.bytes("b700000007000000" + EXIT);
        Image image = Images.load(raw, Image.Format.RAW, Decoder.strict());
        Path rbf = dir.resolve("p.rbf");
        Files.write(rbf, RbfWriter.write(image));
        MainTest.Result r = femto("verify", rbf.toString());
        assertEquals(0, r.code(), r.err());
        // a header whose lengths point past the file: not loadable, reported as one line, exit 1
        Path broken = dir.resolve("broken.rbf");
        byte[] bytes = RbfWriter.write(image);
        Files.write(broken, java.util.Arrays.copyOf(bytes, 30));
        MainTest.Result b = femto("verify", broken.toString());
        assertEquals(1, b.code());
        assertTrue(b.err().startsWith("femto: ") && b.err().contains("not a loadable rbf image"), b.err());
        assertEquals(1, b.err().strip().lines().count(), b.err());
    }

    @Test
    void badUsageExitsTwo() throws IOException {
        Path p = file("p.bin", EXIT);
        for (String[] args : new String[][] {{"verify"}, {"verify", p.toString(), "--policy"},
                {"verify", p.toString(), "--policy", "v9"}, {"verify", p.toString(), "--policy", "helpers=x"},
                {"verify", p.toString(), "--policy", "v1", "--policy", "v2"}, {"verify", p.toString(), "extra"},
                {"verify", "--nope", p.toString()}}) {
            MainTest.Result r = femto(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().startsWith("femto: "), r.err());
        }
        assertEquals(1, femto("verify", dir.resolve("missing.bin").toString()).code());
        assertTrue(femto("--help").out().contains("femto verify FILE [--policy SPEC]"));
    }

    @Test
    void runVerifiesFirstAndPrintsTheSameDiagnostics() throws IOException {
        // stxdw [r10-520], r1: outside the 512-byte frame, so the program must never start
        Path p = file("frame.bin", "7b1af8fd00000000" + EXIT);
        MainTest.Result verify = femto("verify", p.toString());
        MainTest.Result run = femto("run", p.toString(), "--mem", "00");
        assertEquals(1, verify.code());
        assertEquals(1, run.code());
        String diagnostic = verify.out().strip();
        assertTrue(diagnostic.endsWith("[stack-out-of-frame]"), diagnostic);
        assertTrue(run.err().contains("rejected") && run.err().contains(diagnostic), run.err());
        assertFalse(run.out().contains("0x"), "nothing ran: " + run.out());
    }
}
