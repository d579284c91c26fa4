package io.femto4j.hooks.internal.providers;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * The parts of a CoAP response a container built in its buffer that the server passes on: code,
 * Content-Format and payload. Header fields of the message layer (type, id, token) are the server's business,
 * so they are read past, not trusted.
 *
 * @param code          class << 5 | detail
 * @param contentFormat the Content-Format option, if any
 * @param payload       the bytes after the payload marker, up to the length the container returned
 */
record CoapResponse(int code, OptionalInt contentFormat, byte[] payload) {
    private static final int OPTION_CONTENT_FORMAT = 12;

    /**
     * Reads the first {@code length} bytes of {@code buffer} as an RFC 7252 message.
     *
     * @throws IllegalArgumentException when they are not one (the server answers 5.00)
     */
    static CoapResponse parse(byte[] buffer, int length) {
        if (length < 4 || length > buffer.length) {
            throw new IllegalArgumentException("response length " + length + " outside 4.." + buffer.length);
        }
        if ((buffer[0] & 0xff) >> 6 != 1) {
            throw new IllegalArgumentException("not CoAP version 1");
        }
        int tokenLength = buffer[0] & 0x0f;
        int code = buffer[1] & 0xff;
        int at = 4 + tokenLength;
        if (tokenLength > 8 || at > length) {
            throw new IllegalArgumentException("bad token length " + tokenLength);
        }
        int option = 0;
        OptionalInt format = OptionalInt.empty();
        while (at < length && (buffer[at] & 0xff) != 0xff) {
            int head = buffer[at++] & 0xff;
            int[] delta = {head >> 4};
            int[] len = {head & 0x0f};
            at = extended(buffer, length, at, delta);
            at = extended(buffer, length, at, len);
            option += delta[0];
            if (at + len[0] > length) {
                throw new IllegalArgumentException("option " + option + " runs past the response");
            }
            if (option == OPTION_CONTENT_FORMAT) {
                int value = 0;
                for (int i = 0; i < len[0]; i++) {
                    value = value << 8 | buffer[at + i] & 0xff;
                }
                format = OptionalInt.of(value);
            }
            at += len[0];
        }
        byte[] payload = at < length ? Arrays.copyOfRange(buffer, at + 1, length) : new byte[0];
        return new CoapResponse(code, format, payload);
    }

    /** Reads the extended form of an option delta or length nibble (13: one more byte, 14: two). */
    private static int extended(byte[] buffer, int length, int at, int[] nibble) {
        switch (nibble[0]) {
            case 13:
                require(at + 1 <= length);
                nibble[0] = 13 + (buffer[at] & 0xff);
                return at + 1;
            case 14:
                require(at + 2 <= length);
                nibble[0] = 269 + ((buffer[at] & 0xff) << 8 | buffer[at + 1] & 0xff);
                return at + 2;
            case 15:
                throw new IllegalArgumentException("reserved option nibble 15");
            default:
                return at;
        }
    }

    private static void require(boolean inside) {
        if (!inside) {
            throw new IllegalArgumentException("option header runs past the response");
        }
    }
}
