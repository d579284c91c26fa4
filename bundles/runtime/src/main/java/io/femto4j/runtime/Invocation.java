package io.femto4j.runtime;

import io.femto4j.runtime.spi.CoapPacket;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

/**
 * One event for one container: the hook's context and what else the run may touch.
 *
 * <p>Guest memory of the run: the context at {@link ContainerRuntime#CONTEXT_ADDRESS} (r1, with r2 its length; both
 * 0 for an empty context), read-only or writable as the hook says; each of {@code buffers} writable at
 * {@link ContainerRuntime#bufferAddress(int)}; the CoAP response buffer, if any, writable at
 * {@link ContainerRuntime#COAP_BUFFER_ADDRESS}. The arrays are used as they are, not copied, so the caller sees
 * what the container wrote; they must not be shared with a concurrent run.
 *
 * @param context the context bytes
 * @param buffers extra writable buffers the context refers to (at most {@link #MAX_BUFFERS})
 * @param coap    the CoAP response being built, for the CoAP helpers; null for other hooks
 * @param budget  most instructions, or 0 for the runtime's default
 */
public record Invocation(byte[] context, List<byte[]> buffers, CoapPacket coap, long budget) {
    public static final int MAX_BUFFERS = 8;

    public Invocation {
        Objects.requireNonNull(context, "context");
        buffers = List.copyOf(buffers);
        if (buffers.size() > MAX_BUFFERS) {
            throw new IllegalArgumentException("at most " + MAX_BUFFERS + " buffers");
        }
        if (budget < 0) {
            throw new IllegalArgumentException("budget must not be negative");
        }
    }

    /** Just a context. */
    public static Invocation of(byte[] context) {
        return new Invocation(context, List.of(), null, 0);
    }

    /** No context (r1 = r2 = 0). */
    public static Invocation empty() {
        return of(new byte[0]);
    }

    /** The same with another budget. */
    public Invocation withBudget(long instructions) {
        return new Invocation(context, buffers, coap, instructions);
    }

    /**
     * A CoAP request: the context is {@code femto_coap_ctx_t} (pkt handle, buf = the CoAP buffer address,
     * buf_len) and the packet's buffer is mapped writable.
     */
    public static Invocation coap(CoapPacket packet) {
        ByteBuffer ctx = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        ctx.putLong(ContainerRuntime.COAP_PACKET_HANDLE);
        ctx.putLong(ContainerRuntime.COAP_BUFFER_ADDRESS);
        ctx.putLong(packet.buffer().length);
        return new Invocation(ctx.array(), List.of(), packet, 0);
    }

    /** The scheduler hook's context {@code femto_sched_ctx_t}. */
    public static Invocation sched(long previous, long next) {
        ByteBuffer ctx = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        ctx.putLong(previous).putLong(next);
        return of(ctx.array());
    }

    /** The timer hook's context {@code femto_timer_ctx_t}. */
    public static Invocation timer(long nowMicros, long scheduledMicros, int periodMicros, int count) {
        ByteBuffer ctx = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        ctx.putLong(nowMicros).putLong(scheduledMicros).putInt(periodMicros).putInt(count);
        return of(ctx.array());
    }
}
