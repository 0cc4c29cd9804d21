package org.mlos.cluster.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.CountsEntry;
import org.mlos.mem.api.StoreStats;

/**
 * A live swap sends the node's counters at the copy's end and again at its last replay. What the
 * map evicted while the items moved in was added to the carried counters each time, reading the
 * sum the first carry had made: an outsider's nodes said 157,753 evictions where the map had
 * evicted 57,536 (and warned twice).
 */
class TheSwapsEvictionsWereCountedTwiceWhenTheCountersCameTwiceTest {

    private static StoreStats carried(long evictions) {
        return new StoreStats(200_000, 0, 64L << 20, 200_000, 0, 0, 200_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, evictions, 0);
    }

    @Test
    void theMapsEvictionsAreAddedOnceWhateverTheCarries() {
        NodeCounters counters = new NodeCounters();
        SharedMapImport imported = new SharedMapImport(null, new ValueCipher(null), counters, 64L << 20);
        for (int i = 0; i < 700; i++) {
            counters.count("evictions");
            counters.count(NodeCounters.MAP_EVICTIONS);
        }
        imported.put(new CountsEntry(carried(5)));
        assertEquals(705, counters.counted("evictions"), "the node's own 5 and the map's 700");
        for (int i = 0; i < 300; i++) {
            counters.count("evictions");
            counters.count(NodeCounters.MAP_EVICTIONS);
        }
        imported.put(new CountsEntry(carried(5))); // the last replay's
        assertEquals(1_005, counters.counted("evictions"), "the node's own 5 and the map's 1,000, once");
    }
}
