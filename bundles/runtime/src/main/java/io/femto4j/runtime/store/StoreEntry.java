package io.femto4j.runtime.store;

/**
 * One entry of a store snapshot.
 *
 * @param key   uint32 key
 * @param value uint32 value (never 0: 0 is no entry)
 * @param owner container that created the entry and is charged for it (it may since have been uninstalled)
 */
public record StoreEntry(int key, int value, ContainerId owner) {

    public long unsignedKey() {
        return Integer.toUnsignedLong(key);
    }

    public long unsignedValue() {
        return Integer.toUnsignedLong(value);
    }

    @Override
    public String toString() {
        return String.format("0x%08x = %d (%s)", key, unsignedValue(), owner);
    }
}
