package io.femto4j.vm;

import java.util.Objects;

/**
 * A range of guest memory the host grants to a program: the guest addresses {@code [start, start + bytes.length)}
 * map onto {@code bytes}. The array is used as it is, not copied, so the host sees what a program wrote to a
 * writable region; the host must not change it while a run that uses it is going on.
 *
 * <p>Addresses are unsigned 64-bit values. Whether a region fits the address space is checked by
 * {@link Memory#of(Region...)}, which is the only way a region reaches a program.
 *
 * @param name     shown in fault messages; need not be unique
 * @param start    guest address of {@code bytes[0]}
 * @param bytes    the contents
 * @param writable whether the program (and helpers on its behalf) may write it; every region is readable
 */
public record Region(String name, long start, byte[] bytes, boolean writable) {

    public Region {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** A writable region. */
    public static Region writable(String name, long start, byte[] bytes) {
        return new Region(name, start, bytes, true);
    }

    /** A read-only region. */
    public static Region readOnly(String name, long start, byte[] bytes) {
        return new Region(name, start, bytes, false);
    }

    /** Number of bytes. */
    public int length() {
        return bytes.length;
    }

    /** One past the last address, as an unsigned value; wraps to 0 only for a region ending at 2^64. */
    public long end() {
        return start + bytes.length;
    }

    @Override
    public String toString() {
        return "Region[" + name + " " + Memory.range(start, bytes.length) + (writable ? " rw" : " ro") + "]";
    }
}
