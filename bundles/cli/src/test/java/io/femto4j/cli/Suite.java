package io.femto4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/** The conformance suite's tests.json, as the CLI tests need it. */
final class Suite {
    static final int EXPECTED_TESTS = 313;

    private Suite() {
    }

    static Path dir() {
        String dir = System.getProperty("femto4j.conformance.dir");
        if (dir == null) {
            fail("system property femto4j.conformance.dir is not set (Maven sets it to ../shared/conformance)");
        }
        return Path.of(dir);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tests() throws IOException {
        return (List<Map<String, Object>>) Json.parse(Files.readString(dir().resolve("tests.json")));
    }

    /** The test's memory as the runner passes it: each byte as two hex digits and two spaces. */
    static String memoryArgument(Map<String, Object> test) {
        return runnerHex((String) test.get("mem_hex"));
    }

    /** The test's program as the runner writes it to the plugin's standard input, newline included. */
    static String programInput(Map<String, Object> test) {
        return runnerHex((String) test.get("program_hex")) + "\n";
    }

    static long expected(Map<String, Object> test) {
        return Long.parseUnsignedLong(((String) test.get("result")).substring(2), 16);
    }

    private static String runnerHex(String hex) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            b.append(hex, i, i + 2).append("  ");
        }
        return b.toString();
    }
}
