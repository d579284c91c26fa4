package io.femto4j.vm;

/**
 * Thrown by {@link HelperContext} when a helper reads or writes guest memory that the run may not touch. A helper
 * normally lets it propagate; the run then ends with {@link Fault.HelperOutOfBounds} naming the helper. Only the
 * VM creates these.
 */
public final class GuestMemoryException extends HelperFault {
    private static final long serialVersionUID = 1L;

    private final long address;
    private final long size;
    private final Fault.Access access;
    private final String region;
    private final boolean readOnly;

    GuestMemoryException(long address, long size, Fault.Access access, String region, boolean readOnly) {
        super(size + "-byte " + access.name().toLowerCase() + " at " + Memory.hex(address)
                + (readOnly ? " into read-only region " + region : " is outside every region"));
        this.address = address;
        this.size = size;
        this.access = access;
        this.region = region;
        this.readOnly = readOnly;
    }

    public long address() {
        return address;
    }

    public long size() {
        return size;
    }

    public Fault.Access access() {
        return access;
    }

    /** The read-only region written to, else the nearest region, or null. */
    public String region() {
        return region;
    }

    public boolean readOnly() {
        return readOnly;
    }
}
