package io.femto4j.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the public conformance data from the directory in system property {@code femto4j.conformance.dir}.
 * The JSON is parsed just enough for what these tests need (no JSON library on purpose).
 */
final class Conformance {

    /** One assembled test of {@code tests.json}. */
    record Test(String name, byte[] code, int cpuVersion, Set<String> groups) {
    }

    /** One {@code negative/*.data} file with a {@code -- raw} section. */
    record RawCase(String name, byte[] code) {
    }

    private static final Pattern TEST = Pattern.compile("\"name\":\\s*\"([^\"]+)\".*?\"insns\":\\s*\\[([^\\]]*)\\]"
            + ".*?\"cpu_version\":\\s*(\\d+),\\s*\"groups\":\\s*\\[([^\\]]*)\\]", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"");

    private Conformance() {
    }

    static Path dir() {
        String dir = System.getProperty("femto4j.conformance.dir");
        if (dir == null) {
            throw new IllegalStateException("system property femto4j.conformance.dir is not set "
                    + "(the parent pom sets it)");
        }
        return Path.of(dir);
    }

    static List<Test> tests() {
        String json = read(dir().resolve("tests.json"));
        List<Test> tests = new ArrayList<>();
        Matcher m = TEST.matcher(json);
        while (m.find()) {
            List<String> words = strings(m.group(2));
            tests.add(new Test(m.group(1), Asm.hex(words.toArray(String[]::new)), Integer.parseInt(m.group(3)),
                    Set.copyOf(strings(m.group(4)))));
        }
        return tests;
    }

    /** The {@code negative/unused-*.data} programs: one byte per token in their {@code -- raw} section. */
    static List<RawCase> unusedFieldCases() {
        try (Stream<Path> files = Files.list(dir().resolve("negative"))) {
            List<RawCase> cases = new ArrayList<>();
            for (Path p : files.filter(f -> f.getFileName().toString().matches("unused-.*\\.data")).sorted().toList()) {
                cases.add(new RawCase(p.getFileName().toString().replace(".data", ""), rawSection(read(p))));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] rawSection(String text) {
        List<Byte> bytes = new ArrayList<>();
        boolean inRaw = false;
        for (String line : text.split("\n")) {
            String l = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            if (l.startsWith("--")) {
                inRaw = l.strip().equals("-- raw");
                continue;
            }
            if (inRaw) {
                for (String token : l.strip().split("\\s+")) {
                    if (!token.isEmpty()) {
                        bytes.add((byte) Integer.parseInt(token, 16));
                    }
                }
            }
        }
        byte[] out = new byte[bytes.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.get(i);
        }
        return out;
    }

    private static List<String> strings(String jsonArrayBody) {
        List<String> out = new ArrayList<>();
        Matcher m = STRING.matcher(jsonArrayBody);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
