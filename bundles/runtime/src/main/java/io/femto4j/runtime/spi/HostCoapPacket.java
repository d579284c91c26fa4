package io.femto4j.runtime.spi;

import java.util.Objects;

/**
 * A {@link CoapPacket} that writes an RFC 7252 response into a byte array: the host implementation used by the
 * command line and tests (a board's network stack may provide its own). Header: version 1, type ACK for a
 * confirmable request (piggy-backed response) else NON, the request's token and message id.
 */
public final class HostCoapPacket implements CoapPacket {
    public static final int TYPE_CON = 0;
    public static final int TYPE_NON = 1;
    public static final int TYPE_ACK = 2;
    /** errno values the helpers pass on. */
    public static final int ENOSPC = -28;
    public static final int EINVAL = -22;
    private static final int OPTION_CONTENT_FORMAT = 12;

    private final byte[] buffer;
    private final int requestType;
    private final int messageId;
    private final byte[] token;
    private int length = -1;       // bytes written so far; -1 before respInit
    private int lastOption;        // number of the last option written, for the delta encoding
    private int payloadOffset = -1;

    /**
     * @param bufferLength room for the whole response
     * @param requestType  {@link #TYPE_CON} or {@link #TYPE_NON}
     * @param messageId    0 to 65535
     * @param token        0 to 8 bytes
     */
    public HostCoapPacket(int bufferLength, int requestType, int messageId, byte[] token) {
        if (bufferLength < 0 || bufferLength > 1 << 16) {
            throw new IllegalArgumentException("buffer length must be 0 to 65536: " + bufferLength);
        }
        if (messageId < 0 || messageId > 0xffff || Objects.requireNonNull(token).length > 8) {
            throw new IllegalArgumentException("message id must be 16 bits and the token at most 8 bytes");
        }
        this.buffer = new byte[bufferLength];
        this.requestType = requestType;
        this.messageId = messageId;
        this.token = token.clone();
    }

    @Override
    public byte[] buffer() {
        return buffer;
    }

    @Override
    public int respInit(int code) {
        if (code < 0 || code > 0xff) {
            return EINVAL;
        }
        int needed = 4 + token.length;
        if (needed > buffer.length) {
            return ENOSPC;
        }
        int type = requestType == TYPE_CON ? TYPE_ACK : TYPE_NON;
        buffer[0] = (byte) (1 << 6 | type << 4 | token.length);
        buffer[1] = (byte) code;
        buffer[2] = (byte) (messageId >> 8);
        buffer[3] = (byte) messageId;
        System.arraycopy(token, 0, buffer, 4, token.length);
        length = needed;
        lastOption = 0;
        payloadOffset = -1;
        return 0;
    }

    @Override
    public int addFormat(int format) {
        if (length < 0 || payloadOffset >= 0 || lastOption > OPTION_CONTENT_FORMAT || format < 0 || format > 0xffff) {
            return EINVAL; // before init, after finish, out of order, or not a uint16
        }
        int valueLength = format == 0 ? 0 : format < 0x100 ? 1 : 2;
        int delta = OPTION_CONTENT_FORMAT - lastOption; // below 13: fits the 4-bit delta field
        if (length + 1 + valueLength > buffer.length) {
            return ENOSPC;
        }
        buffer[length] = (byte) (delta << 4 | valueLength);
        if (valueLength == 2) {
            buffer[length + 1] = (byte) (format >> 8);
            buffer[length + 2] = (byte) format;
        } else if (valueLength == 1) {
            buffer[length + 1] = (byte) format;
        }
        length += 1 + valueLength;
        lastOption = OPTION_CONTENT_FORMAT;
        return 1 + valueLength;
    }

    @Override
    public int optFinish(int flags) {
        if (length < 0 || payloadOffset >= 0) {
            return EINVAL;
        }
        if ((flags & 1) != 0) {
            if (length + 1 > buffer.length) {
                return ENOSPC;
            }
            buffer[length++] = (byte) 0xff; // the payload marker
        }
        payloadOffset = length;
        return length;
    }

    @Override
    public int payloadOffset() {
        return payloadOffset;
    }
}
