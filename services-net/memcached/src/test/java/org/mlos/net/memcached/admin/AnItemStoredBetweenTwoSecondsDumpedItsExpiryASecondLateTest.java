package org.mlos.net.memcached.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.StoreEntry;

/**
 * The dumps' expiry second was the item's millisecond expiry rounded up: an item stored at
 * .731 of a second with a TTL of 100 dumped {@code exp} 101 seconds past {@code la}, where
 * memcached, on its clock of whole seconds, dumps 100
 * ({@code AMetadumpsExpiryWasASecondPastMemcachedsTest} compares the two servers).
 */
class AnItemStoredBetweenTwoSecondsDumpedItsExpiryASecondLateTest {

    @Test
    void theExpirySecondIsTheStoredSecondPlusTheTtl() {
        for (long storedAt : new long[] { 1_796_004_116_000L, 1_796_004_116_001L, 1_796_004_116_731L, 1_796_004_116_999L }) {
            StoreEntry e = new StoreEntry("a", new byte[] { 'x' }, 0, storedAt + 100_000, 1, storedAt);
            assertEquals(storedAt / 1000 + 100, KeyDumps.expirySecond(e), "stored at " + storedAt);
        }
    }
}
