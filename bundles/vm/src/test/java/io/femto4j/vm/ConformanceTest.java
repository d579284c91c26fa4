package io.femto4j.vm;

import io.femto4j.verifier.Policy;
import io.femto4j.verifier.Verification;
import io.femto4j.verifier.Verifier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/** Every test of the public bpf_conformance suite, through verifier and VM, as one dynamic test each. */
class ConformanceTest {
    static final long MEMORY_ADDRESS = 0x1000_0000L;
    static final int EXPECTED_TESTS = 313;

    static Path suiteDir() {
        String dir = System.getProperty("femto4j.conformance.dir");
        if (dir == null) {
            fail("system property femto4j.conformance.dir is not set (Maven sets it to ../shared/conformance)");
        }
        return Path.of(dir);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> tests() throws IOException {
        Path json = suiteDir().resolve("tests.json");
        return (List<Map<String, Object>>) Json.parse(Files.readString(json));
    }

    static byte[] hex(String s) {
        String t = s.replaceAll("\\s+", "");
        byte[] out = new byte[t.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static byte[] program(Map<String, Object> test) {
        StringBuilder b = new StringBuilder();
        for (Object insn : (List<Object>) test.get("insns")) {
            b.append((String) insn);
        }
        return hex(b.toString());
    }

    @TestFactory
    List<DynamicTest> suite() throws IOException {
        List<Map<String, Object>> tests = tests();
        assertEquals(EXPECTED_TESTS, tests.size(), "tests in tests.json");
        HelperTable helpers = SuiteHelpers.table();
        Policy policy = Policy.permissive(n -> n >= 0 && n <= 5);
        List<DynamicTest> out = new ArrayList<>();
        for (Map<String, Object> test : tests) {
            String name = (String) test.get("name");
            out.add(DynamicTest.dynamicTest(name, () -> {
                byte[] code = program(test);
                byte[] mem = hex((String) test.get("mem_hex"));
                long expected = Long.parseUnsignedLong(((String) test.get("result")).substring(2), 16);
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
