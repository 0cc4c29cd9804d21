package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.HostPresence;
import org.mlos.cluster.remote.transport.Peer;

class DeparturesTest {

    private final Peer store = new Peer("store-1", "127.0.0.1", 7000);
    private final AtomicReference<HostPresence> says = new AtomicReference<>();
    private final Departures departures = new Departures(p -> says.get(), 60_000);

    /** Asks every second, as the membership watch does, from {@code fromMs} to {@code toMs} included; the last answer. */
    private String askedEverySecond(long fromMs, long toMs) {
        String why = null;
        for (long t = fromMs; t <= toMs; t += 1000) {
            why = departures.departure(store, t);
            if (why != null) {
                return why + " @" + t;
            }
        }
        return why;
    }

    @Test
    void aHostThatAnswersIsKept() {
        says.set(HostPresence.ANSWERS);
        assertNull(departures.departure(store, 0));
    }

    @Test
    void aHostWhosePortIsGoneHasLeft() {
        says.set(HostPresence.GONE);
        assertEquals("left the cluster", departures.departure(store, 0));
    }

    @Test
    void aSilentHostIsKeptForTheSilenceAllowedThenWithdrawn() {
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(1_000, 60_000));
        String why = departures.departure(store, 61_000);
        assertTrue(why != null && why.contains("said nothing for 60 s") && why.contains(Departures.SILENT_GRACE_MS), why);
    }

    @Test
    void aHostThatAnswersAgainStartsItsNextSilenceAfresh() {
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(0, 50_000));
        says.set(HostPresence.ANSWERS);
        assertNull(departures.departure(store, 51_000));
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(52_000, 111_000), "silent 109 s in all, but 59 s this time");
        assertTrue(departures.departure(store, 112_000) != null);
    }

    /**
     * A stall long ago, the host back in the registry since (so not asked), must not count against
     * a pause now: it was withdrawn at its first silent look.
     */
    @Test
    void aSilenceNotFollowedLookByLookStartsAfresh() {
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(0, 8_000));
        assertNull(departures.departure(store, 500_000), "asked again long after: a new silence");
        assertNull(askedEverySecond(501_000, 559_000));
        assertTrue(departures.departure(store, 560_000) != null);
    }

    @Test
    void aHostFoundGoneAfterASilenceIsGoneAtOnceAndItsSilenceForgotten() {
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(0, 5_000));
        says.set(HostPresence.GONE);
        assertEquals("left the cluster", departures.departure(store, 6_000));
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(7_000, 66_000), "a silence of its own, not the first one's");
    }

    @Test
    void noSilenceAllowedWithdrawsAtTheFirstLook() {
        Departures none = new Departures(p -> HostPresence.SILENT, 0);
        assertTrue(none.departure(store, 5).contains("said nothing for 0 s"));
    }
}
