package org.mlos.net.memcached;

import java.util.Map;
import java.util.TreeMap;

import org.mlos.mem.api.LiveItemSizes;

/**
 * The live items of one expiry-crawler pass, counted as memcached would hold them: per slab
 * class (items and the bytes they ask for: {@code stats items}, {@code stats slabs}) and per
 * 32-byte size bucket ({@code stats sizes}), by memcached's item size ({@link SlabClasses}). The
 * crawler walks the store anyway; memcached keeps these figures exact at every link and unlink,
 * where the stores here keep no per-class counts, so these are as of the last pass.
 */
public final class ItemSizeTally implements LiveItemSizes {

    /** memcached's {@code stats sizes} bucket width. */
    static final int BUCKET = 32;

    private final long[] items = new long[SlabClasses.count() + 1];
    private final long[] requested = new long[SlabClasses.count() + 1];
    private final TreeMap<Long, Long> buckets = new TreeMap<>();
    private long total;

    @Override
    public void item(int keyLength, int valueLength, int flags) {
        long size = SlabClasses.itemSize(keyLength, flags, valueLength);
        int cls = SlabClasses.classOf(size);
        items[cls]++;
        requested[cls] += size;
        buckets.merge((size + BUCKET - 1) / BUCKET * BUCKET, 1L, Long::sum);
        total++;
    }

    /** Live items counted. */
    public long total() {
        return total;
    }

    long items(int slabClass) {
        return items[slabClass];
    }

    long requested(int slabClass) {
        return requested[slabClass];
    }

    /** The class holding the most items (the lowest of equals); 0 if none. */
    int largestClass() {
        int best = 0;
        for (int c = 1; c < items.length; c++) {
            if (items[c] > items[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Items per size bucket (each bucket's upper bound), smallest first. */
    Map<Long, Long> buckets() {
        return buckets;
    }
}
