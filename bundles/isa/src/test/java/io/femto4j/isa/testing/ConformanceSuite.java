package io.femto4j.isa.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The public eBPF conformance suite, read in place from the directory named by the system property
 * {@value #DIR_PROPERTY} (the parent pom's surefire configuration sets it). Other modules get this class through
 * the isa module's test-jar.
 */
public final class ConformanceSuite {
    public static final String DIR_PROPERTY = "femto4j.conformance.dir";

    private static final String DATA = ".data";

    private ConformanceSuite() {
    }

    /** The suite's directory, checked to hold {@code tests/}. */
    public static Path dir() {
        String value = System.getProperty(DIR_PROPERTY);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + DIR_PROPERTY
                    + " is not set; run the tests through Maven, whose surefire configuration sets it");
        }
        Path dir = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir.resolve("tests"))) {
            throw new IllegalStateException(DIR_PROPERTY + "=" + dir + " has no tests/ directory");
        }
        return dir;
    }

    /** The positive tests ({@code tests/*.data}), sorted by name. */
    public static List<ConformanceCase> tests() {
        return load(dir().resolve("tests"));
    }

    /**
     * The negative cases ({@code negative/*.data}), sorted by name: assembler errors, programs with non-zero
     * unused fields (as {@code -- raw}), and the runner's self-tests.
     */
    public static List<ConformanceCase> negatives() {
        return load(dir().resolve("negative"));
    }

    /** The bytecode the suite's own assembler produced for test {@code name} ({@code insns} in tests.json). */
    public static byte[] expectedBytes(String name) {
        byte[] bytes = Expected.BYTES.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException("tests.json has no test named " + name);
        }
        return bytes.clone();
    }

    /** Parses the text of one {@code .data} file. Sections other than asm, raw, mem, result and error are ignored. */
    public static ConformanceCase parse(String name, String text) {
        Map<String, StringBuilder> sections = new HashMap<>();
        StringBuilder current = null;
        for (String line : text.lines().toList()) {
            if (line.startsWith("--")) {
                String section = line.substring(2).strip();
                current = new StringBuilder();
                if (sections.put(section, current) != null && isKnown(section)) {
                    throw new IllegalArgumentException(name + ": section -- " + section + " appears twice");
                }
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        String asm = sections.containsKey("asm") ? sections.get("asm").toString() : null;
        byte[] raw = sections.containsKey("raw") ? raw(name, tokens(sections.get("raw"))) : null;
        byte[] memory = sections.containsKey("mem") ? bytes(name, tokens(sections.get("mem"))) : new byte[0];
        Long result = sections.containsKey("result") ? result(name, tokens(sections.get("result"))) : null;
        String error = sections.containsKey("error") ? sections.get("error").toString().strip() : null;
        return new ConformanceCase(name, asm, raw, memory, result, error);
    }

    private static boolean isKnown(String section) {
        return List.of("asm", "raw", "mem", "result", "error").contains(section);
    }

    private static List<ConformanceCase> load(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<ConformanceCase> cases = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(DATA)).sorted().toList()) {
                String fileName = file.getFileName().toString();
                cases.add(parse(fileName.substring(0, fileName.length() - DATA.length()), Files.readString(file)));
            }
            return List.copyOf(cases);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whitespace-separated tokens of a section, without {@code #} comments. */
    private static List<String> tokens(CharSequence section) {
        List<String> tokens = new ArrayList<>();
        for (String line : section.toString().lines().toList()) {
            int hash = line.indexOf('#');
            String code = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!code.isEmpty()) {
                tokens.addAll(List.of(code.split("\\s+")));
            }
        }
        return tokens;
    }

    /**
     * Raw programs come two ways: {@code 0x}-prefixed tokens are whole little-endian instruction words
     * (tests/lddw.data), bare two-digit tokens single bytes (the negative {@code unused-*} cases).
     */
    private static byte[] raw(String name, List<String> tokens) {
        ByteBuffer out = ByteBuffer.allocate(tokens.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (String token : tokens) {
            if (token.startsWith("0x")) {
                out.putLong(Long.parseUnsignedLong(token.substring(2), 16));
            } else {
                out.put(parseByte(name, token));
            }
        }
        if (out.position() % 8 != 0) {
            throw new IllegalArgumentException(name + ": raw section of " + out.position() + " bytes is not whole instructions");
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    private static byte[] bytes(String name, List<String> tokens) {
        byte[] bytes = new byte[tokens.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = parseByte(name, tokens.get(i));
        }
        return bytes;
    }

    private static byte parseByte(String name, String token) {
        if (token.length() != 2 || !HexFormat.isHexDigit(token.charAt(0)) || !HexFormat.isHexDigit(token.charAt(1))) {
            throw new IllegalArgumentException(name + ": '" + token + "' is not a two-digit hex byte");
        }
        return (byte) HexFormat.fromHexDigits(token);
    }

    private static Long result(String name, List<String> tokens) {
        if (tokens.size() != 1) {
            throw new IllegalArgumentException(name + ": result section must hold one value, found " + tokens);
        }
        String value = tokens.get(0);
        return value.startsWith("0x") || value.startsWith("0X")
                ? Long.parseUnsignedLong(value.substring(2), 16)
                : Long.parseLong(value);
    }

    /** tests.json, read once on first use. */
    private static final class Expected {
        static final Map<String, byte[]> BYTES = read();

        private static Map<String, byte[]> read() {
            Object json;
            try {
                json = Json.parse(Files.readString(dir().resolve("tests.json")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, byte[]> bytes = new HashMap<>();
            for (Object entry : (List<?>) json) {
                Map<?, ?> test = (Map<?, ?>) entry;
                StringBuilder program = new StringBuilder();
                for (Object insn : (List<?>) test.get("insns")) {
                    String word = (String) insn;
                    if (word.length() != 16) {
                        throw new IllegalArgumentException("tests.json: instruction '" + word + "' is not 16 hex digits");
                    }
                    program.append(word);
                }
                bytes.put((String) test.get("name"), HexFormat.of().parseHex(program));
            }
            return Map.copyOf(bytes);
        }
    }
}
