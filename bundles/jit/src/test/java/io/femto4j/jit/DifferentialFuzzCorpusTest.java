package io.femto4j.jit;

import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import io.femto4j.vm.Engine;
import io.femto4j.vm.HelperTable;
import io.femto4j.vm.security.FuzzInput;
import io.femto4j.vm.security.IsolationHarness;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checked-in seed corpus of {@link DifferentialFuzzTest} must reach the compiler, or its replay in every build
 * compares nothing: seeds the verifier refuses or the compiler leaves to the interpreter check no compiled code.
 */
class DifferentialFuzzCorpusTest {
    /** The seeds written for the compiler (sections, runs that carry state, a budget ending in a callee). */
    static final List<String> COMPILER_SEEDS = List.of("data-counter-across-runs", "rodata-store-faults",
            "helper-copy-rodata-to-data", "budget-ends-in-callee", "data-last-byte-and-past");

    @Test
    void mostSeedsAreAcceptedAndCompiled() throws IOException, URISyntaxException {
        Path dir = Path.of(getClass().getResource("DifferentialFuzzTestInputs/interpreterAndCompilerAgree").toURI());
        List<String> compiled = new ArrayList<>();
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                all.add(name);
                FuzzInput in = FuzzInput.parse(Files.readAllBytes(file));
                if (in != null && Verifier.verify(in.code(), IsolationHarness.POLICY)
                        instanceof Verification.Accepted accepted) {
                    Engine engine = Jit.load(accepted.program(), HelperTable.empty());
                    if (engine.kind() == Engine.Kind.COMPILER) {
                        compiled.add(name);
                    }
                }
            }
        }
        System.out.println("differential fuzz corpus: " + compiled.size() + " of " + all.size()
                + " seeds compiled: " + compiled);
        assertTrue(compiled.containsAll(COMPILER_SEEDS), () -> "compiled: " + compiled);
        assertTrue(2 * compiled.size() >= all.size(), () -> "only " + compiled + " of " + all);
    }
}
