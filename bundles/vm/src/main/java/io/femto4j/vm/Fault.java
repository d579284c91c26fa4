package io.femto4j.vm;

/**
 * Why a run stopped before its program returned. Every fault names the instruction slot ({@link #pc()}) where
 * it happened and has a message for people; the records let hosts react to each kind without parsing text.
 */
public sealed interface Fault {

    /** Instruction slot index (not byte offset) of the instruction that faulted. */
    int pc();

    /** One line for people, without the location. */
    String message();

    /** Kind of memory access. */
    enum Access {
        READ, WRITE;

        String verb() {
            return this == READ ? "read" : "write";
        }
    }

    /**
     * A load, store or atomic touched bytes that no region (and not the stack) holds entirely.
     *
     * @param nearestRegion name of the region closest to the address, or null when there is none
     */
    record OutOfBounds(int pc, long address, int size, Access access, String nearestRegion) implements Fault {
        @Override
        public String message() {
            return size + "-byte " + access.verb() + " at " + Memory.hex(address) + " is outside every region"
                    + (nearestRegion == null ? "" : " (nearest: " + nearestRegion + ")");
        }
    }

    /** A store or atomic wrote to a region the host granted read-only. */
    record ReadOnlyWrite(int pc, long address, int size, String region) implements Fault {
        @Override
        public String message() {
            return size + "-byte write at " + Memory.hex(address) + " into read-only region " + region;
        }
    }

    /** The run executed its whole instruction budget; {@code pc} is the instruction that would have run next. */
    record BudgetExhausted(int pc, long budget) implements Fault {
        @Override
        public String message() {
            return "instruction budget of " + budget + " exhausted";
        }
    }

    /** A call to a helper number that the host has not registered. */
    record UnknownHelper(int pc, long number) implements Fault {
        @Override
        public String message() {
            return "call to unknown helper " + number;
        }
    }

    /** A {@code callx} to a registered helper that the program's policy does not allow. */
    record HelperNotAllowed(int pc, int number, String name) implements Fault {
        @Override
        public String message() {
            return "helper " + number + " (" + name + ") is not allowed for this program";
        }
    }

    /** A BPF-to-BPF call would have made more frames live than the policy's maximum call depth. */
    record CallDepthExceeded(int pc, int depth) implements Fault {
        @Override
        public String message() {
            return "call depth " + depth + " exceeds the limit";
        }
    }

    /** A helper reported failure ({@link HelperFault}) or threw an unexpected runtime exception. */
    record HelperFailed(int pc, int number, String name, String reason) implements Fault {
        @Override
        public String message() {
            return "helper " + number + " (" + name + ") failed: " + reason;
        }
    }

    /**
     * A helper tried to read or write guest memory it may not, on the program's behalf.
     *
     * @param region   the read-only region written to, else the nearest region (or null)
     * @param readOnly true when the bytes exist but are in a read-only region
     */
    record HelperOutOfBounds(int pc, int number, String name, long address, long size, Access access, String region,
                             boolean readOnly) implements Fault {
        @Override
        public String message() {
            String what = size + "-byte " + access.verb() + " at " + Memory.hex(address);
            return "helper " + number + " (" + name + "): " + (readOnly
                    ? what + " into read-only region " + region
                    : what + " is outside every region" + (region == null ? "" : " (nearest: " + region + ")"));
        }
    }

    /** An instruction needs the {@code .data} or {@code .rodata} section, but the program was loaded without it. */
    record MissingSection(int pc, String section) implements Fault {
        @Override
        public String message() {
            return "the program uses " + section + " but was loaded without one";
        }
    }

    /**
     * The VM met an instruction it will not execute. A program that passed the verifier should never get here;
     * the VM checks again so that a verifier bug ends a run cleanly rather than breaking the VM's own invariants.
     */
    record InvalidInstruction(int pc, String reason) implements Fault {
        @Override
        public String message() {
            return reason;
        }
    }
}
