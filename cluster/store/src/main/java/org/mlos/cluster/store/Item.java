package org.mlos.cluster.store;

import java.nio.ByteBuffer;

import org.mlos.mem.api.StoreEntry;

/**
 * An item as the cluster map holds it: one byte array (flags, expiry, CAS unique, store time,
 * value), so that no member needs our classes to hold it, and so that the map's
 * {@code replace(key, old, new)} compares whole items byte for byte: the compare-and-set every
 * read-modify-write here is built on.
 */
final class Item {

    static final int HEADER = 4 + 8 + 8 + 8;

    private Item() {
    }

    static byte[] encode(byte[] value, int flags, long expiresAt, long cas, long storedAt) {
        return ByteBuffer.allocate(HEADER + value.length).putInt(flags).putLong(expiresAt).putLong(cas)
                .putLong(storedAt).put(value).array();
    }

    static StoreEntry decode(String key, byte[] item) {
        ByteBuffer b = ByteBuffer.wrap(item);
        int flags = b.getInt();
        long expiresAt = b.getLong();
        long cas = b.getLong();
        long storedAt = b.getLong();
        byte[] value = new byte[item.length - HEADER];
        b.get(value);
        return new StoreEntry(key, value, flags, expiresAt, cas, storedAt);
    }
}
