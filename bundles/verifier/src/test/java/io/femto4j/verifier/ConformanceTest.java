package io.femto4j.verifier;

import io.femto4j.isa.Form;
import io.femto4j.isa.Group;
import io.femto4j.isa.Instruction;
import io.femto4j.isa.Op;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The public conformance suite: every program in it is valid and must pass under the default settings. */
class ConformanceTest {

    private static final Policy CONFORMANCE = Policy.permissive(h -> h >= 0 && h <= 5);
    private static List<Conformance.Test> tests;

    @BeforeAll
    static void load() {
        tests = Conformance.tests();
        assertEquals(313, tests.size(), "tests.json holds 313 assembled programs");
    }

    @ParameterizedTest
    @ValueSource(strings = {"permissive", "parsed", "lenient"})
    void acceptsAllProgramsWithHelpersZeroToFive(String which) {
        Policy policy = switch (which) {
            case "permissive" -> CONFORMANCE;
            case "parsed" -> Policy.parse("helpers=0-5");
            default -> CONFORMANCE.withStrict(false);
        };
        List<String> rejected = new ArrayList<>();
        for (Conformance.Test t : tests) {
            Verification v = Verifier.verify(t.code(), policy);
            if (!v.isAccepted()) {
                rejected.add(t.name() + ": " + v.errors());
            }
        }
        assertEquals(List.of(), rejected);
    }

    @Test
    void warnsOnlyAboutShiftCountsTheSuiteTestsOnPurpose() {
        Set<String> warned = new TreeSet<>();
        for (Conformance.Test t : tests) {
            for (Diagnostic d : Verifier.verify(t.code(), CONFORMANCE).warnings()) {
                warned.add(t.name() + " " + d.code().label());
            }
        }
        Set<String> expected = new TreeSet<>();
        for (String shift : List.of("lsh32", "rsh32", "arsh32", "lsh64", "rsh64", "arsh64")) {
            expected.add(shift + "-imm-high shift-out-of-range");
            expected.add(shift + "-imm-neg shift-out-of-range");
        }
        // the *-by-zero-imm tests divide by a register that holds 0, which only the VM can see
        assertEquals(expected, warned);
    }

    /**
     * Cross-checks the policy's ISA level against the suite's own per-test requirements: under each CPU version
     * and choice of optional groups, a test passes exactly when it needs no more than the policy allows.
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1,base", "v2,base", "v3,base", "v3,atomics", "v3,callx", "v3,atomics,callx",
            "v4,base", "v4,atomic32", "v4,atomics", "v4,callx", "v4"})
    void acceptsExactlyTheTestsWithinTheIsaLevel(String spec) {
        Policy policy = Policy.parse(spec + ",helpers=0-5");
        List<String> wrong = new ArrayList<>();
        for (Conformance.Test t : tests) {
            boolean fits = t.cpuVersion() <= policy.cpuVersion() && t.groups().stream()
                    .map(g -> Group.valueOf(g.toUpperCase(Locale.ROOT))).allMatch(policy.groups()::contains);
            Verification v = Verifier.verify(t.code(), policy);
            if (v.isAccepted() != fits) {
                wrong.add(t.name() + " (v" + t.cpuVersion() + " " + t.groups() + "): " + v.errors());
            }
            if (!fits) {
                assertTrue(v.errors().stream().allMatch(d -> d.code() == Diagnostic.Code.OPCODE_NOT_ALLOWED),
                        t.name() + ": " + v.errors());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theRunnersDefaultLevelRuns253Tests() {
        // the conformance README: the runner's default (v3, no callx) runs 253 of the 313 tests
        Policy v3 = Policy.parse("v3,atomics,helpers=0-5");
        assertEquals(253, tests.stream().filter(t -> Verifier.verify(t.code(), v3).isAccepted()).count());
    }

    @Test
    void provesEveryFramePointerAccessInTheSuite() {
        int proven = 0;
        for (Conformance.Test t : tests) {
            VerifiedProgram p = verified(t);
            for (int i = 0; i < p.program().size(); i++) {
                Instruction insn = p.program().get(i);
                Form form = insn.op().form();
                boolean store = form == Form.STORE_IMM || form == Form.STORE_REG || form == Form.ATOMIC;
                boolean viaR10 = (form == Form.LOAD && insn.src() == 10) || (store && insn.dst() == 10);
                assertEquals(viaR10, p.isProvenStackAccess(i), t.name() + " insn " + i);
                proven += viaR10 ? 1 : 0;
            }
        }
        assertTrue(proven > 100, "the suite has many stack accesses: " + proven);
    }

    @Test
    void findsTheSuitesLocalFunctions() {
        Set<String> withCalls = tests.stream()
                .filter(t -> verified(t).functionCount() > 1)
                .map(Conformance.Test::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("call_local", "rfc9669_call_local"), withCalls);
        for (Conformance.Test t : tests) {
            VerifiedProgram p = verified(t);
            assertEquals(p.functionCount(), p.deepestCallChain(), t.name());
            assertTrue(p.program().get(0).op() != Op.WIDE_HI);
        }
    }

    private static VerifiedProgram verified(Conformance.Test t) {
        return ((Verification.Accepted) Verifier.verify(t.code(), CONFORMANCE)).program();
    }
}
