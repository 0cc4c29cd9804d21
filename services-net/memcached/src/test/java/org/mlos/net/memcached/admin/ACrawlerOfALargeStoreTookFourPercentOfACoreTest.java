package org.mlos.net.memcached.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The periodic passes' wait was capped at a minute: a pass over 5.4 M items took 2.4 s, so the
 * crawler spent 2.4 s of every 62 (4% of a core) where it means to spend 1%. The wait is now a
 * hundred times the pass's length up to an hour, memcached's own ceiling.
 */
class ACrawlerOfALargeStoreTookFourPercentOfACoreTest {

    @Test
    void aLongPassWaitsAHundredTimesItsLength() {
        assertEquals(240_000, ExpiryCrawler.waitAfter(2_400));
        assertEquals(800_000, ExpiryCrawler.waitAfter(8_000)); // a 1 GB store's slowest pass seen
    }

    @Test
    void theCrawlerSpendsAboutOnePercentOfACoreForPassesUpToThirtySixSeconds() {
        for (long took : new long[] { 1, 20, 600, 2_400, 8_000, 36_000 }) {
            double share = (double) took / (took + ExpiryCrawler.waitAfter(took));
            assertTrue(share <= 0.01, "a pass of " + took + " ms: " + share * 100 + "% of a core");
        }
    }

    @Test
    void aSmallStoreIsCrawledEveryTwoSecondsAndNoStoreWaitsOverAnHour() {
        assertEquals(2_000, ExpiryCrawler.waitAfter(0));
        assertEquals(2_000, ExpiryCrawler.waitAfter(15));
        assertEquals(3_600_000, ExpiryCrawler.waitAfter(50_000));
    }
}
