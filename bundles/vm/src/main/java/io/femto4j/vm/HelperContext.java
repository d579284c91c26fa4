package io.femto4j.vm;

/**
 * What a helper may do to the run that called it: access guest memory (the run's regions and its stack, with the
 * same permissions as the program) and stop the program. Integers are little-endian, as in eBPF. A context is
 * valid only during the helper call it was passed to.
 */
public interface HelperContext {

    /** Number of the helper being called (useful when one implementation serves several numbers). */
    int helperNumber();

    /** Name the helper was registered under. */
    String helperName();

    /** Copies {@code length} guest bytes at {@code address} into {@code dst[offset...]}. */
    void read(long address, byte[] dst, int offset, int length) throws GuestMemoryException;

    /**
     * The {@code length} guest bytes at {@code address}, copied. The range is checked before anything is allocated,
     * so a program cannot make a helper allocate more than the memory it was granted.
     */
    byte[] read(long address, int length) throws GuestMemoryException;

    /** Copies {@code src[offset...offset+length)} to guest memory at {@code address}, which must be writable. */
    void write(long address, byte[] src, int offset, int length) throws GuestMemoryException;

    default void write(long address, byte[] src) throws GuestMemoryException {
        write(address, src, 0, src.length);
    }

    /** Reads an unsigned integer of {@code size} bytes (1, 2, 4 or 8; 8 bytes give the raw 64 bits). */
    long readInt(long address, int size) throws GuestMemoryException;

    /** Writes the low {@code size} bytes (1, 2, 4 or 8) of {@code value}. */
    void writeInt(long address, int size, long value) throws GuestMemoryException;

    /**
     * Ends the program as soon as the helper returns, as if it had executed {@code exit} with {@code r0} from the
     * entry function; the helper's own return value is then ignored.
     */
    void stop(long r0);
}
