package org.mlos.mem.api;

/**
 * What a reclaim walk ({@link KeyValueStore#reclaimDead(int, LiveItemSizes)}) tells of each live
 * item it passes: its key's and value's lengths and its flags, what memcached sizes an item by,
 * and when it was stored,
 * so that a server can give per-class figures ({@code stats items}, {@code stats slabs},
 * {@code stats sizes}) from the walk its expiry crawler makes anyway.
 *
 * @since 1.8 (the store time since 1.9)
 */
@FunctionalInterface
public interface LiveItemSizes {

    /** Tells nothing: for a walk that only reclaims. */
    LiveItemSizes NONE = (keyLength, valueLength, flags, storedAt) -> {
    };

    /**
     * One live item: key length in bytes (a key's chars, ISO-8859-1), value length, flags, and when
     * it was stored (epoch milliseconds, {@link StoreEntry#storedAt()}), for the age of a class's
     * oldest item.
     */
    void item(int keyLength, int valueLength, int flags, long storedAt);
}
