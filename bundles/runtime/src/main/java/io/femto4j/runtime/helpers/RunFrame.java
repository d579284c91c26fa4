package io.femto4j.runtime.helpers;

import io.femto4j.runtime.spi.Board;
import io.femto4j.runtime.spi.CoapPacket;
import io.femto4j.runtime.store.ContainerStores;
import io.femto4j.vm.HelperFault;

/**
 * The state of the run going on on this thread: which container's stores the helpers use, its printed output,
 * the CoAP response of the request. The VM calls helpers on the thread that called {@code Vm.run}, and the
 * helper table is shared by all containers, so the runtime sets the frame around each run (saving any outer one:
 * a helper may one day trigger a nested run).
 */
public final class RunFrame {
    /**
     * Per thread, a one-element holder of its current frame: entering and leaving a run then write an array element
     * instead of setting and removing a thread-local entry (a hash-table update each) every run.
     */
    private static final ThreadLocal<RunFrame[]> CURRENT = ThreadLocal.withInitial(() -> new RunFrame[1]);

    final ContainerStores stores;
    final Board board;
    final CoapPacket coap;
    final long contextAddress;
    private final int outputLimit;
    /** Made at the first print: most runs print nothing. */
    private StringBuilder output;
    private boolean truncated;

    public RunFrame(ContainerStores stores, Board board, CoapPacket coap, long contextAddress, int outputLimit) {
        this.stores = stores;
        this.board = board;
        this.coap = coap;
        this.contextAddress = contextAddress;
        this.outputLimit = outputLimit;
    }

    /** Makes {@code frame} current on this thread; returns the previous one to pass to {@link #leave}. */
    public static RunFrame enter(RunFrame frame) {
        RunFrame[] current = CURRENT.get();
        RunFrame previous = current[0];
        current[0] = frame;
        return previous;
    }

    public static void leave(RunFrame previous) {
        CURRENT.get()[0] = previous;
    }

    static RunFrame current() throws HelperFault {
        RunFrame f = CURRENT.get()[0];
        if (f == null) {
            // Only a host bug gets here (a Vm run outside ContainerRuntime with our helper table).
            throw new HelperFault("helper called outside a container run");
        }
        return f;
    }

    /** Appends printed text up to the limit; returns how many characters were kept. */
    int print(CharSequence text) {
        if (output == null) {
            output = new StringBuilder();
        }
        int room = outputLimit - output.length();
        if (text.length() > room) {
            truncated = true;
        }
        int kept = Math.max(0, Math.min(room, text.length()));
        output.append(text, 0, kept);
        return kept;
    }

    public String output() {
        return output == null ? "" : output.toString();
    }

    public boolean outputTruncated() {
        return truncated;
    }
}
