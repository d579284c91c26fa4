package io.femto4j.isa;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable sequence of decoded instruction slots. Construction checks only what the encoding itself
 * requires (every wide load followed by its second slot); whether the program is safe to run is the
 * verifier's question.
 */
public final class Program {
    private final Instruction[] slots;

    private Program(Instruction[] slots) {
        this.slots = slots;
    }

    /** A program of the given slots; each wide load must be followed by a {@link Op#WIDE_HI} slot. */
    public static Program of(List<Instruction> slots) {
        Instruction[] copy = slots.toArray(new Instruction[0]);
        for (int i = 0; i < copy.length; i++) {
            boolean wideBefore = i > 0 && copy[i - 1].op().isWide();
            if (wideBefore != (copy[i].op() == Op.WIDE_HI)) {
                throw new IllegalArgumentException(wideBefore
                        ? "slot " + i + " must be the second half of the wide load at " + (i - 1)
                        : "slot " + i + " is a wide-load second half without a first half");
            }
        }
        if (copy.length > 0 && copy[copy.length - 1].op().isWide()) {
            throw new IllegalArgumentException("the wide load at " + (copy.length - 1) + " lacks its second half");
        }
        return new Program(copy);
    }

    /** Number of 8-byte slots. */
    public int size() {
        return slots.length;
    }

    public Instruction get(int index) {
        return slots[index];
    }

    /** The slots, as an unmodifiable list. */
    public List<Instruction> instructions() {
        return List.of(slots);
    }

    /** The 64-bit immediate of the wide load at {@code index} (low half from it, high half from the next slot). */
    public long imm64(int index) {
        return (slots[index].imm() & 0xffffffffL) | ((long) slots[index + 1].imm() << 32);
    }

    /** The little-endian bytecode. */
    public byte[] toBytes() {
        byte[] out = new byte[slots.length * Instruction.SIZE];
        for (int i = 0; i < slots.length; i++) {
            slots[i].encodeInto(out, i * Instruction.SIZE);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Program p && Arrays.equals(slots, p.slots);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(slots);
    }

    @Override
    public String toString() {
        return "Program[" + slots.length + " slots]";
    }
}
