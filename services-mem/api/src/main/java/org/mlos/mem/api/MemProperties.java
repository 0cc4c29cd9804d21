package org.mlos.mem.api;

/**
 * Framework properties the memory services read (a profile's {@code -runproperties}, or
 * {@code mlos run … --set name=value}); a component's own configuration ({@code capacity.mb})
 * wins over them.
 */
public final class MemProperties {

    private MemProperties() {
    }

    /** Every store's budget in megabytes: key, value and per-item overhead count against it. */
    public static final String STORE_CAPACITY_MB = "mlos.mem.store.capacity.mb";
    public static final long DEFAULT_STORE_CAPACITY_MB = 64;

    /**
     * The largest item, in bytes, every store must hold (value bytes; the key and per-item cost
     * come on top): stores that carve their budget into parts size the parts so that one holds
     * it. A cache node sets it from memcached's {@code -I}.
     */
    public static final String STORE_ITEM_MAX = "mlos.mem.store.item.max";
    public static final long DEFAULT_STORE_ITEM_MAX = 1L << 20;

    /** Every off-heap allocator's budget in megabytes. */
    public static final String ALLOC_CAPACITY_MB = "mlos.mem.alloc.capacity.mb";
    public static final long DEFAULT_ALLOC_CAPACITY_MB = 256;
}
