package io.femto4j.vm;

import io.femto4j.vm.conformance.SuiteHelpers;
import io.femto4j.isa.testing.ConformanceCase;
import io.femto4j.isa.testing.ConformanceSuite;
import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Every test of the public bpf_conformance suite, through verifier and VM, as one dynamic test each. */
class ConformanceTest {
    static final long MEMORY_ADDRESS = 0x1000_0000L;
    static final int EXPECTED_TESTS = 313;

    @TestFactory
    List<DynamicTest> suite() {
        List<ConformanceCase> tests = ConformanceSuite.tests();
        assertEquals(EXPECTED_TESTS, tests.size(), "tests in the suite");
        HelperTable helpers = SuiteHelpers.table();
        Policy policy = Policy.permissive(n -> n >= 0 && n <= 5);
        List<DynamicTest> out = new ArrayList<>();
        for (ConformanceCase test : tests) {
            String name = test.name();
            out.add(DynamicTest.dynamicTest(name, () -> {
                byte[] code = ConformanceSuite.expectedBytes(name); // the suite's own bytes, not our assembler's
                byte[] mem = test.memory();
                long expected = test.result();
                Verification v = Verifier.verify(code, policy);
                Verification.Accepted accepted = assertInstanceOf(Verification.Accepted.class, v, () -> v.diagnostics().toString());
                Vm vm = Vm.load(accepted.program(), helpers);
                Memory memory = mem.length == 0 ? Memory.empty()
                        : Memory.of(Region.writable("input", MEMORY_ADDRESS, mem));
                Outcome o = vm.run(memory, mem.length == 0 ? 0 : MEMORY_ADDRESS, mem.length, 1_000_000);
                Outcome.Returned ret = assertInstanceOf(Outcome.Returned.class, o, o::toString);
                assertEquals("0x" + Long.toHexString(expected), "0x" + Long.toHexString(ret.r0()), name);
            }));
        }
        return out;
    }
}
