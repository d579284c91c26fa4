package io.femto4j.isa.testing;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConformanceSuiteTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void parsesEverySection() {
        ConformanceCase c = ConformanceSuite.parse("sample", """
                # Copyright line
                -- c
                #include <stdint.h>
                -- asm
                # comment kept for line numbers
                mov %r0, 1
                exit
                -- mem
                00 11 # first
                aa FF
                -- result
                0xFFFFFFFFFFFFFFF6
                -- no register offset
                call instruction
                """);
        assertEquals("sample", c.name());
        assertEquals("# comment kept for line numbers\nmov %r0, 1\nexit\n", c.asm());
        assertNull(c.raw());
        assertArrayEquals(hex("0011aaff"), c.memory());
        assertEquals(-10L, c.result());
        assertNull(c.error());
        assertTrue(c.hasProgram());
    }

    @Test
    void rawTakesWholeWordsOrSingleBytes() throws Exception {
        ConformanceCase words = ConformanceSuite.parse("words", "-- raw\n0x5566778800000018\n0x1122334400000000\n-- result\n5\n");
        assertArrayEquals(hex("1800000088776655" + "0000000044332211"), words.raw());
        assertArrayEquals(words.raw(), words.bytecode());
        assertEquals(5L, words.result());
        ConformanceCase bytes = ConformanceSuite.parse("bytes", "-- raw\n07 00 01 00 01 00 00 00\n-- error\n");
        assertArrayEquals(hex("0700010001000000"), bytes.raw());
        assertEquals("", bytes.error(), "an empty error section still expects an error");
        assertThrows(IllegalArgumentException.class, () -> ConformanceSuite.parse("short", "-- raw\n07 00\n"));
    }

    @Test
    void caseWithoutProgram() {
        ConformanceCase c = ConformanceSuite.parse("empty", "# nothing\n-- result\n0x0\n");
        assertTrue(!c.hasProgram());
        assertEquals(0, c.memory().length);
        assertThrows(IllegalStateException.class, c::bytecode);
    }

    @Test
    void rejectsMalformedSections() {
        assertThrows(IllegalArgumentException.class, () -> ConformanceSuite.parse("twice", "-- asm\nexit\n-- asm\nexit\n"));
        assertThrows(IllegalArgumentException.class, () -> ConformanceSuite.parse("mem", "-- mem\n0g\n"));
        assertThrows(IllegalArgumentException.class, () -> ConformanceSuite.parse("result", "-- result\n1 2\n"));
    }

    @Test
    void expectedBytesComeFromTestsJson() throws Exception {
        assertArrayEquals(hex("1800000088776655" + "0000000044332211" + "9500000000000000"),
                ConformanceSuite.expectedBytes("lddw"));
        assertThrows(IllegalArgumentException.class, () -> ConformanceSuite.expectedBytes("no-such-test"));
    }

    @Test
    void negativesAreLoadedToo() {
        assertEquals(60, ConformanceSuite.negatives().size());
    }
}
