package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The server counters that replaced one LongAdder each (false sharing: 15% of a node's time under meta load). */
class StripedCountersTest {

    @Test
    void manyThreadsLoseAndDoubleNothing() throws InterruptedException {
        StripedCounters set = new StripedCounters();
        StripedCounters.Counter hits = set.counter();
        StripedCounters.Counter bytes = set.counter();
        int threads = 16;
        int perThread = 250_000;
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    hits.increment();
                    bytes.add(3);
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        assertEquals((long) threads * perThread, hits.sum());
        assertEquals(3L * threads * perThread, bytes.sum());
        hits.reset();
        assertEquals(0, hits.sum());
        assertEquals(3L * threads * perThread, bytes.sum(), "a reset touches its own counter only");
    }

    @Test
    void aSetHoldsAtMostItsStride() {
        StripedCounters set = new StripedCounters();
        for (int i = 0; i < StripedCounters.STRIDE; i++) {
            set.counter();
        }
        assertThrows(IllegalStateException.class, set::counter);
    }

    @Test
    void statsResetZeroesCountersButKeepsGauges() {
        ServerStats stats = new ServerStats();
        stats.cmdGet.add(5);
        stats.currConnections.set(2);
        stats.reset();
        assertEquals(0, stats.cmdGet.sum());
        assertEquals(2, stats.currentConnections());
    }
}
