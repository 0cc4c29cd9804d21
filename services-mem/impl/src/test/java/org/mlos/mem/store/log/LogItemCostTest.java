package org.mlos.mem.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What one item of the log costs, measured: heap after full collections and off-heap record bytes,
 * for small items, where the per-item overhead is most of the item. The heap part must be what the
 * store counts against its budget (give or take the hash table's slack), and no more than the
 * 48-byte item (its own index node), its table slot, the list slot and the key: the record header (expiry, CAS,
 * time stored) lives off the heap beside the value.
 */
class LogItemCostTest {

    static final int ITEMS = 60_000;

    @ParameterizedTest(name = "{0}-byte keys, {1}-byte values")
    @CsvSource({ "8,0", "8,8", "8,100", "250,8" })
    void anItemKeepsOnTheHeapWhatTheStoreCountsForIt(int keyLength, int valueLength) {
        byte[] value = new byte[valueLength];
        long before = heapUsed();
        LogStore st = new LogStore(256L << 20); // roomy: nothing evicted, nothing replaced
        for (int i = 0; i < ITEMS; i++) {
            st.set(key(i, keyLength), value, 0, 0); // the store keeps the only reference to each key: part of the item
        }
        long heap = heapUsed() - before;
        Reference.reachabilityFence(st);
        assertEquals(ITEMS, st.size());
        long records = st.recordBytes();
        long heapPerItem = heap / ITEMS;
        long counted = LogItem.heapBytes(key(0, keyLength));
        System.out.printf("ITEM_COST key=%d value=%d heap_per_item=%d heap_counted=%d record_bytes=%d "
                + "whole_item_counted=%d reserved_per_item=%d%n", keyLength, valueLength, heapPerItem, counted,
                records / ITEMS, st.stats().bytes() / ITEMS, st.reservedBytes() / ITEMS);

        assertEquals((long) LogRecord.size(valueLength) * ITEMS, records, "a record is a header and the value, padded to 8");
        assertEquals((LogRecord.size(valueLength) + counted) * ITEMS, st.stats().bytes(), "whole items counted");
        // Not counted: the slack of the index's 64 tables (2,048 slots each here, 8.7 bytes a key against
        // the 8 counted); none is large enough to be a humongous G1 object. A 64-byte item (the record
        // header on the heap, as before) would be 24 over.
        assertTrue(heapPerItem <= counted + 16, "measured " + heapPerItem + " heap bytes an item, counted " + counted);
        assertTrue(heapPerItem >= counted - 16, "measured " + heapPerItem + " heap bytes an item, counted " + counted
                + ": the store counts more than it keeps");
    }

    static String key(int n, int length) {
        StringBuilder b = new StringBuilder(length).append('k').append(n);
        while (b.length() < length) {
            b.append('.');
        }
        return b.toString();
    }

    static long heapUsed() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
