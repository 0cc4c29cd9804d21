package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mlos.net.memcached.StatsParityTest.exchange;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The regression: {@code mg zz v N10} twice on a missing key counted a miss and a hit here,
 * memcached 1.6.18 two hits (proto_text.c: the placeholder N creates is what the get found, "for
 * autovivify case, miss never happens"). The same code counts an {@code mg} with {@code T} on a
 * hit as a touch (cmd_touch, touch_hits), not a get; a miss as a get miss whatever the flags; a
 * hit whose reply fails on a long opaque not at all; and {@code stats detail} counts no mg. Here
 * every mg was a get, and counted per prefix.
 */
@Timeout(60)
class MetaGetVivifyCountsAsAHitTest {

    private static final List<String> COUNTERS = List.of("cmd_get", "get_hits", "get_misses", "cmd_touch", "touch_hits",
            "touch_misses", "cmd_meta");

    private static Map<String, String> counters(TextClient c) throws Exception {
        return StatsParityTest.stats(c, COUNTERS);
    }

    @Test
    void aVivifyingMgCountsAsAHitAsMemcachedCountsIt() throws Exception {
        String requests = "mg zz v N10\r\nmg zz v N10\r\n";
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(StatsParityTest.MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            assertEquals(exchange(theirs, requests), exchange(ours, requests));
            Map<String, String> mine = counters(ours);
            assertEquals(counters(theirs), mine);
            assertEquals("2", mine.get("get_hits"));
            assertEquals("0", mine.get("get_misses"));
        }
    }

    @Test
    void everyKindOfMgIsCountedAsMemcachedCountsIt() throws Exception {
        String longOpaque = "O" + "o".repeat(40);
        String requests = "stats detail on\r\nset p:t 0 0 1\r\nx\r\n"
                + "mg p:t v\r\nmg p:t T30 v\r\nmg p:t v t T30 N10\r\nmg p:t s\r\n"  // hits: get, touch, touch, get
                + "mg p:miss T30 v\r\nmg p:miss v\r\nmg p:miss q v\r\nmn\r\n"          // misses, T or not
                + "mg p:new T30 N10 v\r\nmg p:new2 N10 s\r\n"                          // created: a touch hit, a get hit
                + "mg p:t v " + longOpaque + "\r\nmg p:none v " + longOpaque + "\r\n"  // a failed hit: nothing; a miss: counted
                + "get p:t\r\n";                                                       // the one get detail counts
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(StatsParityTest.MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            assertEquals(exchange(theirs, requests), exchange(ours, requests));
            Map<String, String> mine = counters(ours);
            assertEquals(counters(theirs), mine);
            assertEquals(Map.of("cmd_get", "8", "get_hits", "4", "get_misses", "4", "cmd_touch", "3", "touch_hits", "3",
                    "touch_misses", "0", "cmd_meta", "0"), mine);
            assertEquals(exchange(theirs, "stats detail dump\r\n"), exchange(ours, "stats detail dump\r\n"));
        }
    }
}
