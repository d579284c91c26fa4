package io.femto4j.cli;

import io.femto4j.isa.testing.ConformanceCase;
import io.femto4j.isa.testing.ConformanceSuite;

import java.util.HexFormat;
import java.util.List;

/** The conformance suite, in the form the bpf_conformance runner hands it to a plugin. */
final class Suite {
    static final int EXPECTED_TESTS = 313;

    private Suite() {
    }

    static List<ConformanceCase> tests() {
        return ConformanceSuite.tests();
    }

    /** The test's memory as the runner passes it: each byte as two hex digits and two spaces. */
    static String memoryArgument(ConformanceCase test) {
        return runnerHex(test.memory());
    }

    /** The test's program (the suite's own bytes) as the runner writes it to standard input, newline included. */
    static String programInput(ConformanceCase test) {
        return runnerHex(ConformanceSuite.expectedBytes(test.name())) + "\n";
    }

    static long expected(ConformanceCase test) {
        return test.result();
    }

    private static String runnerHex(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append(HexFormat.of().toHexDigits(x)).append("  ");
        }
        return b.toString();
    }
}
