package org.mlos.mem.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;

/**
 * Every store, filled to three times its capacity as memcached's clients count bytes (key, value,
 * a 48-byte header), in three shapes: what {@code -m} promises must hold. The newest items stay
 * readable; the store's own count ({@code bytes}) and what it says it holds stay within the
 * capacity; and the memory it really holds, heap measured after a full collection plus the
 * off-heap memory it reserved, stays within the capacity and a small tolerance.
 *
 * <p>The module's tests run with a small heap (see the pom), so a store whose index grew without
 * bound would also fail here with an OutOfMemoryError.
 */
class StoreFillTest {

    static final long CAPACITY = 16L << 20;
    /**
     * What a heap measurement cannot attribute to the store: the hash tables' slack beyond the
     * estimate, and G1's accounting by region. 1/16 of the capacity.
     */
    static final long TOLERANCE = CAPACITY / 16;

    enum Shape {
        KILOBYTE_VALUES(8, 1024), LONG_KEYS(250, 8), EMPTY_VALUES(8, 0);

        final int keyLength;
        final int valueLength;

        Shape(int keyLength, int valueLength) {
            this.keyLength = keyLength;
            this.valueLength = valueLength;
        }

        String key(int n) {
            StringBuilder b = new StringBuilder(keyLength).append('k').append(n);
            while (b.length() < keyLength) {
                b.append('.');
            }
            return b.toString();
        }

        /** The item's number in its first bytes, where there is room. */
        byte[] value(int n) {
            byte[] v = new byte[valueLength];
            if (v.length >= 4) {
                ByteBuffer.wrap(v).putInt(n);
            }
            return v;
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Stores.names().forEach(name -> {
            for (Shape s : Shape.values()) {
                out.add(Arguments.of(name, s));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void fillingThreeTimesTheCapacityKeepsTheNewestWithinIt(String name, Shape shape) {
        long heapBefore = heapUsed();
        AbstractStore st = Stores.create(name, CAPACITY);
        int n = fillAndCheckNewest(st, shape, 0);
        StoreStats stats = st.stats();
        long held = st.heldBytes();
        long offHeap = st instanceof SlabStore slab ? slab.reservedBytes()
                : st instanceof LogStore log ? log.reservedBytes() : 0;
        long measured = heapUsed() - heapBefore + offHeap;
        Reference.reachabilityFence(st);
        System.out.printf("FILL store=%s shape=%s written=%d kept=%d bytes=%d held=%d measured=%d off_heap=%d "
                + "bytes_per_item=%d measured_per_item=%d%n", name, shape, n, stats.entries(), stats.bytes(), held,
                measured, offHeap, stats.bytes() / stats.entries(), measured / stats.entries());

        assertTrue(stats.evictions() > 0, "three times the capacity must evict");
        assertTrue(stats.bytes() <= CAPACITY, "accounted bytes " + stats.bytes());
        assertTrue(held <= CAPACITY, "held bytes " + held);
        assertTrue(stats.bytes() >= CAPACITY / 3, "the store uses its capacity: " + stats.bytes());
        assertTrue(measured <= CAPACITY + TOLERANCE, "measured " + measured + " bytes held");
    }

    /**
     * Item sizes change under a full store (slab pages sit in the old size classes, log segments
     * were reserved for the old items): after each change the newest items stay, the bounds hold
     * and the store still uses its capacity (pages and segments follow the new items).
     */
    @ParameterizedTest
    @MethodSource("org.mlos.mem.store.Stores#names")
    void changingItemShapesKeepsTheNewestWithinTheCapacity(String name) {
        AbstractStore st = Stores.create(name, CAPACITY);
        int first = 0;
        for (Shape shape : List.of(Shape.KILOBYTE_VALUES, Shape.EMPTY_VALUES, Shape.LONG_KEYS, Shape.KILOBYTE_VALUES)) {
            first += fillAndCheckNewest(st, shape, first);
            StoreStats stats = st.stats();
            System.out.printf("SHIFT store=%s shape=%s kept=%d bytes=%d held=%d%n", name, shape, stats.entries(),
                    stats.bytes(), st.heldBytes());
            assertTrue(stats.bytes() <= CAPACITY, shape + ": accounted bytes " + stats.bytes());
            assertTrue(st.heldBytes() <= CAPACITY, shape + ": held bytes " + st.heldBytes());
            assertTrue(stats.bytes() >= CAPACITY / 3, shape + ": the old items' memory serves the new ones, "
                    + stats.bytes() + " bytes in use");
        }
    }

    /**
     * Writes items numbered from {@code first} until three times the capacity went in, as
     * memcached's clients count bytes; checks the newest hundredth is readable. Returns how many.
     */
    static int fillAndCheckNewest(AbstractStore st, Shape shape, int first) {
        int n = 0;
        for (long written = 0; written < 3 * CAPACITY; n++) {
            String key = shape.key(first + n);
            st.set(key, shape.value(first + n), first + n, 0);
            written += key.length() + shape.valueLength + StoreEntry.OVERHEAD;
        }
        int newest = n / 100;
        for (int i = first + n - newest; i < first + n; i++) {
            StoreEntry e = st.get(shape.key(i));
            assertNotNull(e, shape + ": one of the newest " + newest + " of " + n + " items: " + i);
            assertEquals(i, e.flags());
        }
        return n;
    }

    /** Heap in use after full collections: what is still reachable, give or take G1's regions. */
    static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
