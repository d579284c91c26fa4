package io.femto4j.runtime.helpers;

import io.femto4j.vm.GuestMemoryException;
import io.femto4j.vm.HelperContext;
import io.femto4j.vm.HelperFault;

import java.io.ByteArrayOutputStream;

/** Reading NUL-terminated guest strings without trusting them to end. */
final class GuestStrings {
    private GuestStrings() {
    }

    /**
     * The bytes before the NUL at or after {@code address}. Each byte is read through the context, so a string
     * that runs off its region faults exactly there, and reading stops at {@code max} bytes without a NUL.
     */
    static byte[] read(HelperContext ctx, long address, int max, String what) throws HelperFault {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < max; i++) {
            int b = (int) ctx.readInt(address + i, 1);
            if (b == 0) {
                return out.toByteArray();
            }
            out.write(b);
        }
        throw new HelperFault(what + " has no NUL within " + max + " bytes");
    }

    /** Length of the string, at most {@code max}. */
    static int length(HelperContext ctx, long address, int max, String what) throws HelperFault {
        for (int i = 0; i < max; i++) {
            if (ctx.readInt(address + i, 1) == 0) {
                return i;
            }
        }
        throw new HelperFault(what + " has no NUL within " + max + " bytes");
    }

    /** Checks that {@code size} bytes (1, 2, 4 or 8) at {@code address} are writable, changing nothing. */
    static void probeWritable(HelperContext ctx, long address, int size) throws GuestMemoryException {
        // Writing back what is there: the only write check HelperContext offers, and it leaves the bytes as
        // they were, so a helper can refuse a bad output pointer before it changes any state.
        ctx.writeInt(address, size, ctx.readInt(address, size));
    }
}
