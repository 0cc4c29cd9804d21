package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The server's counters on per-core representatives (and the shared layout the bench compares with). */
class PerCoreStatsTest {

    @ParameterizedTest
    @EnumSource(ServerStats.Layout.class)
    void ownersAndSharersTogetherLoseNothing(ServerStats.Layout layout) throws InterruptedException {
        ServerStats stats = new ServerStats(layout);
        int platform = 12;
        int virtual = 12;
        int perThread = 100_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < platform + virtual; t++) {
            Runnable r = () -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    stats.cmdGet.increment();
                    stats.bytesRead.add(5);
                    if ((i & 4095) == 0) {
                        Thread.yield();
                    }
                }
            };
            all.add(t < platform ? Thread.ofPlatform().start(r) : Thread.ofVirtual().start(r));
        }
        go.countDown();
        for (Thread t : all) {
            t.join();
        }
        long n = (long) (platform + virtual) * perThread;
        assertEquals(n, stats.cmdGet.sum());
        assertEquals(5 * n, stats.bytesRead.sum());
    }

    /** Event loops come and go (a server restarts): a dead owner's counts stay, its block is taken over. */
    @Test
    void countsOfThreadsThatEndedStayAndTheirBlocksAreReused() throws InterruptedException {
        StripedCounters set = new StripedCounters(2);
        StripedCounters.Counter c = set.counter();
        for (int generation = 0; generation < 40; generation++) {
            Thread t = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    c.increment();
                }
            });
            t.join();
        }
        assertEquals(40_000, c.sum());
        assertTrue(set.representatives() <= 2);
    }

    /** An owner writes its block without atomics, so a reset cannot zero it: it must still read 0 after. */
    @Test
    void resetHoldsAgainstOwnersThatKeepTheirOldCount() throws InterruptedException {
        StripedCounters set = new StripedCounters();
        StripedCounters.Counter c = set.counter();
        Thread owner = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 100; i++) {
                c.increment();
            }
        });
        owner.join();
        c.reset();
        assertEquals(0, c.sum());
        Thread again = Thread.ofPlatform().start(() -> c.add(4));
        again.join();
        assertEquals(4, c.sum());
    }

    @Test
    void anUnknownLayoutNamesTheTwoThereAre() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ServerStats.Layout.of("striped"));
        assertTrue(e.getMessage().contains("percore") && e.getMessage().contains("shared"), e.getMessage());
        assertEquals(ServerStats.Layout.SHARED, ServerStats.Layout.of(" Shared "));
    }

    @Test
    void theLayoutIsChosenBeforeTheFirstAdd() {
        StripedCounters set = new StripedCounters();
        set.counter().increment();
        assertThrows(IllegalStateException.class, set::shareOneRepresentative);
    }
}
