package io.femto4j.isa;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable sequence of decoded instruction slots. Construction checks only what the encoding itself
 * requires (every wide load followed by its second slot); whether the program is safe to run is the
 * verifier's question.
 *
 * <p>Kept as its raw 64-bit words, 8 bytes a slot, the text itself: an installed program is retained for as long
 * as its container, and one {@link Instruction} record per slot would cost four times that. {@link #get} decodes a
 * slot on demand. A slot's operation is the one its fields select (see {@link Op#discriminator()}); only a program
 * built from records whose operation disagrees with their fields (which the verifier rejects) also keeps the
 * operations, one byte a slot.
 */
public final class Program {
    private static final Op[] OPS = Op.values();

    /** Each slot as {@link Instruction#word()}. */
    private final long[] words;
    /** Op ordinals per slot when some slot's operation is not the one its fields select; else null. */
    private final byte[] ops;

    private Program(long[] words, byte[] ops) {
        this.words = words;
        this.ops = ops;
    }

    /** A program of the given slots; each wide load must be followed by a {@link Op#WIDE_HI} slot. */
    public static Program of(List<Instruction> slots) {
        int n = slots.size();
        long[] words = new long[n];
        byte[] ops = null;
        boolean wideBefore = false;
        for (int i = 0; i < n; i++) {
            Instruction in = slots.get(i);
            Op op = in.op();
            if (wideBefore != (op == Op.WIDE_HI)) {
                throw new IllegalArgumentException(wideBefore
                        ? "slot " + i + " must be the second half of the wide load at " + (i - 1)
                        : "slot " + i + " is a wide-load second half without a first half");
            }
            words[i] = in.word();
            if (ops == null && selected(words[i], wideBefore) != op) {
                ops = new byte[n];
                for (int k = 0; k < i; k++) {
                    ops[k] = (byte) slots.get(k).op().ordinal();
                }
            }
            if (ops != null) {
                ops[i] = (byte) op.ordinal();
            }
            wideBefore = op.isWide();
        }
        if (wideBefore) {
            throw new IllegalArgumentException("the wide load at " + (n - 1) + " lacks its second half");
        }
        return new Program(words, ops);
    }

    /**
     * A program of raw slots (as {@link Instruction#word()}, the little-endian encoding read as one long), each
     * slot's operation the one its fields select. Checks what {@link #of} checks, and that every word encodes an
     * operation; the strict field checks are the {@link Decoder}'s and the verifier's.
     *
     * @throws IllegalArgumentException naming the first slot that encodes no operation or breaks a wide load
     */
    public static Program ofWords(long[] words) {
        long[] copy = words.clone();
        boolean wideBefore = false;
        for (int i = 0; i < copy.length; i++) {
            Op op = selected(copy[i], wideBefore);
            if (op == null) {
                throw new IllegalArgumentException(String.format("slot %d: opcode 0x%02x with these fields encodes "
                        + "no operation", i, copy[i] & 0xff));
            }
            // (a word of opcode 0 after no wide load selects nothing: withOpcode(0) is empty)
            wideBefore = op.isWide();
        }
        if (wideBefore) {
            throw new IllegalArgumentException("the wide load at " + (copy.length - 1) + " lacks its second half");
        }
        return new Program(copy, null);
    }

    /** The operation the fields of {@code word} select, as the lenient decoder selects it; null if none. */
    private static Op selected(long word, boolean afterWide) {
        if (afterWide) {
            return (word & 0xff) == 0 ? Op.WIDE_HI : null;
        }
        return Op.selectedBy((int) word & 0xff, src(word), offset(word), imm(word), true);
    }

    private static int dst(long word) {
        return (int) word >>> 8 & 0xf;
    }

    private static int src(long word) {
        return (int) word >>> 12 & 0xf;
    }

    private static int offset(long word) {
        return (short) (word >>> 16);
    }

    private static int imm(long word) {
        return (int) (word >>> 32);
    }

    /** Number of 8-byte slots. */
    public int size() {
        return words.length;
    }

    /** Slot {@code index}, decoded now (a new record each call; {@link #word} reads it without one). */
    public Instruction get(int index) {
        long w = words[index];
        return new Instruction(opAt(index), dst(w), src(w), offset(w), imm(w));
    }

    /** The operation of slot {@code index}. */
    public Op opAt(int index) {
        if (ops != null) {
            return OPS[ops[index]];
        }
        long w = words[index];
        // Without ops, a slot of opcode 0 is the second half of a wide load and no other (no other operation has
        // opcode 0, and of() and ofWords() check the pairing), so the slot before need not be looked at.
        return (w & 0xff) == 0 ? Op.WIDE_HI : selected(w, false);
    }

    /** Slot {@code index} as {@link Instruction#word()}: its 8-byte little-endian encoding read as one long. */
    public long word(int index) {
        return words[index];
    }

    /** The slots, as an unmodifiable list (each element decoded when read). */
    public List<Instruction> instructions() {
        return new Slots();
    }

    private final class Slots extends AbstractList<Instruction> implements RandomAccess {
        @Override
        public Instruction get(int index) {
            return Program.this.get(index);
        }

        @Override
        public int size() {
            return words.length;
        }
    }

    /** The 64-bit immediate of the wide load at {@code index} (low half from it, high half from the next slot). */
    public long imm64(int index) {
        return (words[index] >>> 32) | (words[index + 1] & 0xffffffff00000000L);
    }

    /** The little-endian bytecode. */
    public byte[] toBytes() {
        byte[] out = new byte[words.length * Instruction.SIZE];
        for (int i = 0; i < words.length; i++) {
            long w = words[i];
            for (int b = 0; b < Instruction.SIZE; b++) {
                out[i * Instruction.SIZE + b] = (byte) (w >>> 8 * b);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Program p && Arrays.equals(words, p.words) && Arrays.equals(ops, p.ops);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(words) + Arrays.hashCode(ops);
    }

    @Override
    public String toString() {
        return "Program[" + words.length + " slots]";
    }
}
