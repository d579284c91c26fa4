package io.femto4j.runtime.spi;

/**
 * The CoAP response of one request, built by the CoAP helpers in {@link #buffer()}, which the runtime maps
 * into the container's memory as a writable region for the run. The sequence is {@link #respInit}, options,
 * {@link #optFinish}; the guest then writes the payload at {@link #payloadOffset()} and returns the response
 * length. Results are those the guest sees: negative values are errno-style errors. One per run, used by one
 * thread.
 */
public interface CoapPacket {

    /** The response buffer; its length is the room for header, options and payload. */
    byte[] buffer();

    /** Starts the response with {@code code} (class << 5 | detail). 0 or negative. */
    int respInit(int code);

    /** Adds a Content-Format option. The option's length in bytes, or negative. */
    int addFormat(int format);

    /** Ends the options; {@code flags} bit 0 means a payload follows. Header and options length, or negative. */
    int optFinish(int flags);

    /** Where the payload starts in {@link #buffer()} after {@link #optFinish}, else -1. */
    int payloadOffset();
}
