package org.mlos.net.memcached;

import java.util.ArrayList;
import java.util.List;

/**
 * memcached 1.6's default slab classes (-n 48, -f 1.25, 1 MB pages) and its item sizes, so that
 * figures naming a class ({@code me}'s {@code cls}, per-class stats) say what memcached would.
 * The stores here allocate differently; these are memcached's numbers for the same items.
 */
public final class SlabClasses {

    /** memcached's item header on 64-bit, with the CAS unique. */
    private static final int HEADER = 48 + 8;
    private static final int PAGE = 1 << 20;
    private static final int[] SIZES = sizes();

    private SlabClasses() {
    }

    private static int[] sizes() {
        List<Integer> sizes = new ArrayList<>();
        int size = 48 + 48;
        int largest = PAGE / 2;
        while (sizes.size() < 62 && largest / 1.25 >= size) {
            if (size % 8 != 0) {
                size += 8 - size % 8;
            }
            sizes.add(size);
            size = (int) (size * 1.25);
        }
        sizes.add(largest);
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The bytes memcached's item takes: header, key and its terminator, flags when not 0, value and CRLF. */
    public static long itemSize(int keyLength, int flags, int valueLength) {
        return HEADER + keyLength + 1 + (flags != 0 ? 4 : 0) + valueLength + 2L;
    }

    /** The class (from 1) an item of that size is stored in; the largest class for larger ones (memcached chains them). */
    public static int classOf(long itemSize) {
        for (int i = 0; i < SIZES.length; i++) {
            if (itemSize <= SIZES[i]) {
                return i + 1;
            }
        }
        return SIZES.length;
    }

    /** Chunk size of a class (from 1). */
    public static int chunkSize(int slabClass) {
        return SIZES[slabClass - 1];
    }

    public static int count() {
        return SIZES.length;
    }

    /** Chunks of a class in one page. */
    public static int chunksPerPage(int slabClass) {
        return PAGE / SIZES[slabClass - 1];
    }
}
