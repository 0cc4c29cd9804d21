package org.mlos.net.memcached;

import java.util.Map;
import java.util.TreeMap;

import org.mlos.mem.api.LiveItemSizes;

/**
 * The live items of one expiry-crawler pass, counted as memcached would hold them: per slab
 * class (items and the bytes they ask for: {@code stats items}, {@code stats slabs}) and per
 * 32-byte size bucket ({@code stats sizes}), by memcached's item size ({@link SlabClasses}), and
 * each class's oldest item ({@code items:N:age}). The
 * crawler walks the store anyway; memcached keeps these figures exact at every link and unlink,
 * where the stores here keep no per-class counts, so these are as of the last pass.
 */
public final class ItemSizeTally implements LiveItemSizes {

    /** memcached's {@code stats sizes} bucket width. */
    static final int BUCKET = 32;

    /** Buckets kept in an array, up to items of 1 MB (memcached's default -I); larger ones are rare. */
    private static final int ARRAY_BUCKETS = (1 << 20) / BUCKET + 64;

    private final long[] items = new long[SlabClasses.count() + 1];
    private final long[] requested = new long[SlabClasses.count() + 1];
    /** The oldest item's store time per class (epoch ms; 0: no item), for {@code items:N:age}. */
    private final long[] oldest = new long[SlabClasses.count() + 1];
    /**
     * Items per bucket: an array, as memcached keeps them, since this is called for each live item,
     * possibly under a store's lock; a map for the few beyond.
     */
    private final long[] small = new long[ARRAY_BUCKETS];
    private final TreeMap<Long, Long> large = new TreeMap<>();
    private long total;

    @Override
    public void item(int keyLength, int valueLength, int flags, long storedAt) {
        long size = SlabClasses.itemSize(keyLength, flags, valueLength);
        int cls = SlabClasses.classOf(size);
        items[cls]++;
        requested[cls] += size;
        if (storedAt > 0 && (oldest[cls] == 0 || storedAt < oldest[cls])) {
            oldest[cls] = storedAt;
        }
        long bucket = (size + BUCKET - 1) / BUCKET;
        if (bucket < ARRAY_BUCKETS) {
            small[(int) bucket]++;
        } else {
            large.merge(bucket * BUCKET, 1L, Long::sum);
        }
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

    /** When the class's oldest live item was stored (epoch ms), 0 if the class had none. */
    long oldestStoredAt(int slabClass) {
        return oldest[slabClass];
    }

    /** Items per size bucket (each bucket's upper bound), smallest first. */
    Map<Long, Long> buckets() {
        Map<Long, Long> out = new TreeMap<>(large);
        for (int b = 0; b < small.length; b++) {
            if (small[b] > 0) {
                out.put((long) b * BUCKET, small[b]);
            }
        }
        return out;
    }
}
