package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mlos.net.memcached.StatsParityTest.exchange;
import static org.mlos.net.memcached.StatsParityTest.stats;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An outside comparison found {@code get_flushed} 0 here where memcached counts the gets that met
 * items {@code flush_all 0} hid. Not a counting bug: memcached's flush is lazy (items stay, hidden,
 * until a get or its crawler meets them; a get that does counts get_flushed and unlinks the item),
 * while the stores here discard everything at once for a flush now ({@code KeyValueStore.flushAll}
 * with a time not in the future), so a later get meets nothing and is a plain miss. Kept, and
 * documented in the README: the replies and every other counter agree; a delayed flush, which the
 * stores keep lazily too, is counted as memcached counts it (StatsCountersTest).
 */
@Timeout(60)
class FlushAllNowCountsNoGetFlushedTest {

    @Test
    void aFlushNowDiscardsTheItemsSoLaterGetsAreMissesNotFlushedOnes() throws Exception {
        String requests = "set a 0 0 1\r\nx\r\nflush_all 0\r\nmg a v\r\nget a\r\n";
        try (CacheServer server = new CacheServer(); TextClient ours = new TextClient(server.port());
                RealMemcached memcached = RealMemcached.start(StatsParityTest.MEMCACHED_OPTIONS);
                TextClient theirs = new TextClient(memcached.port())) {
            assertEquals(exchange(theirs, requests), exchange(ours, requests));
            Map<String, String> mine = stats(ours, "stats");
            Map<String, String> real = stats(theirs, "stats");
            for (String name : List.of("cmd_get", "get_hits", "get_misses", "get_expired", "cmd_flush")) {
                assertEquals(real.get(name), mine.get(name), name);
            }
            assertEquals("1", real.get("get_flushed"), "memcached: the mg met the hidden item and unlinked it");
            assertEquals("0", mine.get("get_flushed"), "here the flush discarded it: nothing hidden to meet");
            assertEquals("0", mine.get("curr_items"));
        }
    }
}
