package org.mlos.mem.store;

/**
 * What keeping an item really costs on the Java heap, so that a store can count the whole item
 * against its budget and not just the bytes a client sent.
 *
 * <p>Figures are HotSpot's default 64-bit layout for heaps below 32 GB: 12-byte object headers,
 * 4-byte compressed references, every object padded to 8 bytes. Keys are Latin-1 (one byte per
 * char, compact strings). With compact object headers ({@code -XX:+UseCompactObjectHeaders})
 * objects are smaller, so these figures err high, which is the safe side for a budget.
 */
public final class ItemCost {

    /** A node of a hash map ({@code ConcurrentHashMap.Node}, {@code HashMap.Node}): hash, key, value, next. */
    public static final int HASH_NODE = 32;
    /** A {@code LinkedHashMap.Entry}: a hash node plus the two links of the access order. */
    public static final int LINKED_NODE = 40;
    /**
     * A key's share of its hash table: 4-byte slots, tables a power of two kept at most 3/4
     * full, so between 5.3 and 10.7 bytes an entry; tables never shrink.
     */
    public static final int TABLE_SLOT = 8;

    private ItemCost() {
    }

    /** An object of the given unpadded size, padded. */
    public static long padded(long bytes) {
        return (bytes + 7) & ~7L;
    }

    /** A {@code byte[]} of n elements: 16-byte header with its length, then the bytes. */
    public static long byteArray(int n) {
        return padded(16L + n);
    }

    /** A key: the {@code String} (24 bytes) and its Latin-1 byte array. */
    public static long key(String key) {
        return 24 + byteArray(key.length());
    }
}
