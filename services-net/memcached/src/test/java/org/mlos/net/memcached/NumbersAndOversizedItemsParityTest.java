package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * What an outsider found side by side with memcached 1.6: numbers memcached reads (its own
 * space-padded decr results among them) refused here, an append past the item size limit
 * answered with an out-of-memory error, and a meta append past what the store holds closing the
 * connection. Each request goes to a real memcached and to ours; the replies must be the same.
 */
@Timeout(60)
class NumbersAndOversizedItemsParityTest {

    /** Sends the requests and a meta no-op, and returns every byte answered before the no-op's MN. */
    private static String exchange(TextClient c, String requests) throws IOException {
        c.send(requests + "mn\r\n");
        StringBuilder got = new StringBuilder();
        for (String l = c.line(); !l.equals("MN"); l = c.line()) {
            got.append(l).append("\r\n");
        }
        return got.toString();
    }

    private static void sameAsMemcached(List<String> requests) throws Exception {
        try (RealMemcached memcached = RealMemcached.start();
                CacheServer ours = new CacheServer();
                TextClient theirs = new TextClient(memcached.port());
                TextClient mine = new TextClient(ours.port())) {
            for (String r : requests) {
                String expected = exchange(theirs, r);
                assertEquals(expected, exchange(mine, r), "replies to " + r.replace("\r\n", "\\r\\n"));
            }
        }
    }

    private static String set(String key, String value) {
        return "set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n";
    }

    @Test
    void incrReadsEveryNumberMemcachedReads() throws Exception {
        sameAsMemcached(List.of(
                set("pad", "12 ") + "incr pad 1\r\n",            // memcached's own decr leaves such padding
                set("lead", " 12") + "incr lead 1\r\n",
                set("tab", "12\t") + "incr tab 1\r\n",
                set("plus", "+12") + "incr plus 1\r\n",
                set("mzero", "-0") + "incr mzero 1\r\n",
                set("zeros", "0018446744073709551615") + "incr zeros 0\r\n",
                set("minus", "-1") + "incr minus 1\r\n",         // refused: a minus sign on a negative reading
                set("letter", "12a") + "incr letter 1\r\n",
                set("over", "18446744073709551616") + "incr over 1\r\n",
                set("blank", "   ") + "incr blank 1\r\n",
                set("after", "12 ab") + "decr after 1\r\n",
                set("delta", "5") + "incr delta +5\r\nincr delta -0\r\nincr delta 05\r\nincr delta -1\r\nincr delta 5x\r\n",
                set("ma", "12 ") + "ma ma v\r\nma ma D+3 v\r\n"));
    }

    @Test
    void storageArgumentsAreCNumbersAsInMemcached() throws Exception {
        sameAsMemcached(List.of(
                "set f 4294967296 0 1\r\nx\r\nget f\r\n",            // flags cut to 32 bits
                "set f2 +7 0 1\r\nx\r\nget f2\r\n",
                "set e 0 9999999999 1\r\nx\r\nget e\r\n",            // exptime cut to 32 bits: long past
                "set n 0 0 +1\r\nx\r\nget n\r\n",
                "cas n 0 0 1 +0\r\ny\r\n",
                "set bad 0 0 1x\r\n"));
    }

    @Test
    void anAppendPastTheItemLimitIsNotStoredAndTheOldValueStays() throws Exception {
        String big = "b".repeat(1_000_000);
        String more = "m".repeat(100_000);
        sameAsMemcached(List.of(
                set("big", big),
                "append big 0 0 100000\r\n" + more + "\r\n",
                "prepend big 0 0 100000\r\n" + more + "\r\n",
                "ms big 100000 MA\r\n" + more + "\r\n",
                "ms big 100000 MP\r\n" + more + "\r\n",
                "mg big s\r\n",
                "append big 0 0 10\r\n" + "x".repeat(10) + "\r\nmg big s\r\n"));
    }

    /**
     * A store that cannot hold an item at all (a slab store's item lies in one page of 1 MB) with
     * a larger item limit: the set is answered with memcached's out-of-memory error, the key's old
     * value is dropped as memcached drops it, and the connection serves on. A meta set whose data
     * arrived in parts closed the connection instead (its continuation had no error handling).
     */
    @Test
    void aMetaSetTheStoreCannotHoldIsAnErrorNotAClosedConnection() throws Exception {
        try (CacheServer server = new CacheServer(2 << 20, new StandardDialects(), name -> switch (name) {
                    case "heap" -> new SlabStore(CacheServer.CAPACITY); // the serving one
                    case "slab" -> new HeapStore(CacheServer.CAPACITY);
                    default -> new LogStore(CacheServer.CAPACITY);
                });
                TextClient c = new TextClient(server.port())) {
            String large = "l".repeat(1_500_000);
            assertEquals("HD\r\n", exchange(c, "ms k 3\r\nold\r\n"));
            assertEquals("SERVER_ERROR out of memory storing object\r\n", exchange(c, "ms k 1500000\r\n" + large + "\r\n"));
            assertEquals("EN\r\n", exchange(c, "mg k v\r\n"), "the old value is dropped, as memcached drops it");
            assertEquals("STORED\r\nSERVER_ERROR out of memory storing object\r\nEND\r\n",
                    exchange(c, set("t", "old") + "set t 0 0 1500000\r\n" + large + "\r\nget t\r\n"));
            assertEquals("HD\r\n", exchange(c, "ms a 1000000\r\n" + "a".repeat(1_000_000) + "\r\n"));
            assertEquals("NS\r\nNOT_STORED\r\n", exchange(c, "ms a 500000 MA\r\n" + "a".repeat(500_000) + "\r\n"
                    + "append a 0 0 500000\r\n" + "a".repeat(500_000) + "\r\n"));
        }
    }
}
