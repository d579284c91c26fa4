package io.femto4j.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HexTest {
    static byte[] bytes(String hex) {
        try {
            return Main.hex(hex, "test");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void acceptsRunnerFormatAndPlainHex() {
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb}, bytes("aa  bb  "));
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb}, bytes("AABB\n"));
        assertArrayEquals(new byte[] {1}, bytes("0x01"));
        assertArrayEquals(new byte[0], bytes(""));
    }

    @Test
    void rejectsOddOrNonHex() {
        assertThrows(Exception.class, () -> Main.hex("abc", "x"));
        assertThrows(Exception.class, () -> Main.hex("zz", "x"));
    }
}
