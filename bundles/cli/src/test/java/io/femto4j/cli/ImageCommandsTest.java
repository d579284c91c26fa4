package io.femto4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static io.femto4j.cli.MainTest.femto;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** pack, inspect and run of raw, ELF and rbf images, with the SDK examples. */
class ImageCommandsTest {
    @TempDir
    Path dir;

    static Path examples() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("sdk/examples"))) {
                return p.resolve("sdk/examples");
            }
        }
        throw new IllegalStateException("sdk/examples not found");
    }

    static String example(String name) {
        return examples().resolve(name).toString();
    }

    private static void assertOneLine(MainTest.Result r) {
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    private Path packed(String name) {
        Path rbf = dir.resolve(name + ".rbf");
        MainTest.Result r = femto("pack", example(name + ".o"), "-o", rbf.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(rbf.toString()), r.out());
        return rbf;
    }

    @Test
    void fletcher32RunsFromRawElfAndRbfWithTheSameResult() {
        String input = example("fletcher32-input.txt");
        String rbf = packed("fletcher32").toString();
        for (String image : new String[] {example("fletcher32.bin"), example("fletcher32.o"), rbf}) {
            MainTest.Result r = femto("run", image, "--mem-file", input);
            assertEquals(0, r.code(), image + ": " + r.err());
            assertEquals("0x5bac8c3d", r.out().strip(), image);
        }
        MainTest.Result byName = femto("run", rbf, "--entry", "fletcher32", "--mem-file", input);
        assertEquals("0x5bac8c3d", byName.out().strip(), byName.err());
    }

    @Test
    void packedFileStartsWithTheRbfMagic() throws IOException {
        byte[] rbf = Files.readAllBytes(packed("thread_counter"));
        assertEquals("rBPF", new String(Arrays.copyOf(rbf, 4), java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void helpersWorkFromTheCommandLine() {
        MainTest.Result r = femto("run", example("temperature.o"));
        assertEquals(0, r.code(), r.err());
        assertEquals("0x929", r.out().strip(), "23.45 C of the simulated sensor, in hundredths");
        MainTest.Result rbf = femto("run", packed("temperature").toString());
        assertEquals("0x929", rbf.out().strip(), rbf.err());
    }

    @Test
    void inspectDescribesEachFormat() {
        MainTest.Result elf = femto("inspect", example("coap_formatter.o"));
        assertEquals(0, elf.code(), elf.err());
        assertTrue(elf.out().contains("ELF") && elf.out().contains("coap_formatter"), elf.out());
        MainTest.Result rbf = femto("inspect", packed("coap_formatter").toString());
        assertTrue(rbf.out().contains("rbf header") && rbf.out().contains("coap_formatter"), rbf.out());
        MainTest.Result raw = femto("inspect", example("fletcher32.bin"));
        assertTrue(raw.out().contains("raw eBPF bytecode"), raw.out());
        assertTrue(raw.out().contains("exit"), raw.out());
    }

    @Test
    void malformedImagesAndBadRequestsAreOneLineErrors() throws IOException {
        byte[] rbf = Files.readAllBytes(packed("fletcher32"));
        Path cut = dir.resolve("cut.rbf");
        Files.write(cut, Arrays.copyOf(rbf, 40));
        MainTest.Result r = femto("run", cut.toString());
        assertEquals(1, r.code());
        assertOneLine(r);
        MainTest.Result i = femto("inspect", cut.toString());
        assertEquals(1, i.code());
        assertOneLine(i);
        Path elf = dir.resolve("bad.o");
        Files.write(elf, new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        MainTest.Result p = femto("pack", elf.toString(), "-o", dir.resolve("x.rbf").toString());
        assertEquals(1, p.code());
        assertOneLine(p);
        MainTest.Result entry = femto("run", example("fletcher32.o"), "--entry", "nope");
        assertEquals(1, entry.code());
        assertOneLine(entry);
        assertTrue(entry.err().contains("no function nope"), entry.err());
        MainTest.Result twice = femto("run", example("fletcher32.o"), "--mem", "00", "--mem-file", "x");
        assertEquals(2, twice.code());
    }
}
