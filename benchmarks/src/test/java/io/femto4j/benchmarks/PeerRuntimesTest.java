package io.femto4j.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each JVM peer of the comparison (issue 7) gives the Fletcher-32 of the test vector, 0x5bac8c3d, as the benchmarks'
 * set-up also checks.
 */
class PeerRuntimesTest {

    private static void assertChecksum(String runtime, int checksum) {
        assertEquals(Examples.FLETCHER32_EXPECTED, checksum,
                () -> String.format("%s gave 0x%08x", runtime, checksum));
    }

    @Test
    void wasmModuleIsPackaged() {
        byte[] wasm = ChicoryFletcher32.wasm();
        assertEquals(0x6d736100, (wasm[0] & 0xff) | (wasm[1] & 0xff) << 8 | (wasm[2] & 0xff) << 16 | (wasm[3] & 0xff) << 24,
                "\\0asm magic");
    }

    @Test
    void chicoryInterpreter() {
        ChicoryFletcher32 chicory = ChicoryFletcher32.load(ChicoryFletcher32.wasm(), Examples.fletcher32Input(), false);
        assertChecksum("Chicory interpreter", chicory.checksum());
        assertChecksum("Chicory interpreter, second run", chicory.checksum());
    }

    @Test
    void chicoryCompiled() {
        ChicoryFletcher32 chicory = ChicoryFletcher32.load(ChicoryFletcher32.wasm(), Examples.fletcher32Input(), true);
        assertChecksum("Chicory compiled", chicory.checksum());
        assertChecksum("Chicory compiled, second run", chicory.checksum());
    }

    @Test
    void rhinoInterpreted() {
        try (RhinoFletcher32 rhino = RhinoFletcher32.load(RhinoFletcher32.source(), Examples.fletcher32Input(), false)) {
            assertChecksum("Rhino interpreted", rhino.checksum());
        }
    }

    @Test
    void rhinoCompiled() {
        try (RhinoFletcher32 rhino = RhinoFletcher32.load(RhinoFletcher32.source(), Examples.fletcher32Input(), true)) {
            assertChecksum("Rhino compiled", rhino.checksum());
        }
    }

    @Test
    void jython() {
        try (JythonFletcher32 jython = JythonFletcher32.load(Examples.fletcher32Input())) {
            assertChecksum("Jython", jython.checksum());
        }
    }

    @Test
    void peersAgreeWithPlainJavaOnOtherInputs() {
        byte[] input = "abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int expected = Fletcher32.checksum(input);
        assertEquals(expected, ChicoryFletcher32.load(ChicoryFletcher32.wasm(), input, true).checksum());
        try (RhinoFletcher32 rhino = RhinoFletcher32.load(RhinoFletcher32.source(), input, true)) {
            assertEquals(expected, rhino.checksum());
        }
    }
}
