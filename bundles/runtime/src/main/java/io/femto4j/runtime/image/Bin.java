package io.femto4j.runtime.image;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian field access and formatting shared by the readers and writers. The readers check every
 * range against the buffer before they call these methods; these methods do not check again.
 */
final class Bin {
    private Bin() {
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xff;
    }

    static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    /** An unsigned 32-bit field, as a non-negative long. */
    static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xffffffffL;
    }

    /** A 64-bit field; values of 2^63 and above come back negative, callers compare them unsigned. */
    static long u64(byte[] b, int at) {
        return u32(b, at) | u32(b, at + 4) << 32;
    }

    static int s32(byte[] b, int at) {
        return (int) u32(b, at);
    }

    static void put16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    static void put32(byte[] b, int at, long v) {
        put16(b, at, (int) v);
        put16(b, at + 2, (int) (v >>> 16));
    }

    /** Hexadecimal with a 0x prefix; 64-bit values are shown unsigned. */
    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** {@code n} rounded up to a multiple of {@code align} (a power of two). */
    static long alignUp(long n, long align) {
        return (n + align - 1) & -align;
    }

    /** Decodes {@code b[from, to)} as strict UTF-8, or returns null when the bytes are not valid UTF-8. */
    static String utf8OrNull(byte[] b, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The name for messages: printable ASCII kept, everything else escaped. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("'");
        for (int i = 0; i < s.length() && i < 64; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\'') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.append(s.length() > 64 ? "...'" : "'").toString();
    }
}
