package org.mlos.net.memcached;

/**
 * What the server accepts, as memcached's protocol.txt sets it.
 *
 * @param itemMax largest value, in bytes (memcached's {@code -I}, 1 MB by default)
 */
public record Limits(int itemMax) {

    /** Longest key, in bytes. */
    public static final int KEY_MAX = 250;
    /** Longest text command line before the server gives up on it (that command only). */
    public static final int LINE_MAX = 8192;
    /**
     * Longest {@code get}/{@code gets}/{@code gat}/{@code gats} line. Past {@link #LINE_MAX} these
     * are answered key by key as they arrive, never buffered whole, so the bound is large:
     * memcached has none, and clients send tens of thousands of keys in one line.
     */
    public static final long RETRIEVAL_LINE_MAX = 64L << 20;
    public static final int DEFAULT_ITEM_MAX = 1 << 20;
    /** Replies are handed to the connection in batches of about this many bytes (see MemcachedSession). */
    public static final int OUTPUT_BATCH = 256 << 10;
    /** Relative expiry times are at most this many seconds; larger ones are Unix times. */
    public static final long RELATIVE_EXPIRY_MAX = 60L * 60 * 24 * 30;

    public Limits {
        if (itemMax < 1024 || itemMax > (128 << 20)) {
            throw new IllegalArgumentException("item size limit must be between 1 KB and 128 MB, was " + itemMax);
        }
    }
}
