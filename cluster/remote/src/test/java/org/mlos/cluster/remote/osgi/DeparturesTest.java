package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.HostPresence;
import org.mlos.cluster.remote.transport.Peer;

class DeparturesTest {

    private final Peer store = new Peer("store-1", "127.0.0.1", 7000);
    private final AtomicReference<HostPresence> says = new AtomicReference<>();
    private final AtomicInteger probes = new AtomicInteger();
    private final Departures departures = new Departures(p -> {
        probes.incrementAndGet();
        return says.get();
    }, 60_000);

    /** Asks every second, as the membership watch does, from {@code fromMs} to {@code toMs} included; why it left, if it did. */
    private String askedEverySecond(long fromMs, long toMs) {
        for (long t = fromMs; t <= toMs; t += 1000) {
            String why = departures.departure(store, t);
            if (why != null) {
                return why + " @" + t;
            }
        }
        return null;
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

    /** Each probe of a paused host waits out the connect timeout, and queues a connection on it. */
    @Test
    void aSilentHostIsProbedOnceInAWhileNotAtEveryLook() {
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(0, 59_000));
        assertEquals(12, probes.get(), "60 looks, a probe every 5 s");
    }

    @Test
    void aHostThatAnswersAgainStartsItsNextSilenceAfresh() {
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(0, 50_000)); // probed at 0, 5, … 50 s
        says.set(HostPresence.ANSWERS);
        assertNull(departures.departure(store, 55_000));
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(56_000, 115_000), "silent 110 s in all, but 59 s this time");
        assertTrue(departures.departure(store, 116_000) != null);
    }

    /**
     * A stall long ago, the host back in the registry since (so not asked), must not count against
     * a pause now: it was withdrawn at its first silent look.
     */
    @Test
    void aHostBackInTheRegistryMeanwhileStartsItsNextSilenceAfresh() {
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(0, 8_000));
        departures.forgetAllBut(Set.of()); // a look that did not ask: it was listed again
        assertNull(departures.departure(store, 500_000), "a new silence");
        assertNull(askedEverySecond(501_000, 559_000));
        assertTrue(departures.departure(store, 560_000) != null);
    }

    @Test
    void aHostFoundGoneAfterASilenceIsGoneAtOnceAndItsSilenceForgotten() {
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(0, 5_000));
        says.set(HostPresence.GONE);
        assertEquals("left the cluster", departures.departure(store, 10_000));
        says.set(HostPresence.SILENT);
        assertNull(askedEverySecond(11_000, 70_000), "a silence of its own, not the first one's");
    }

    @Test
    void noSilenceAllowedWithdrawsAtTheFirstLook() {
        Departures none = new Departures(p -> HostPresence.SILENT, 0);
        assertTrue(none.departure(store, 5).contains("said nothing for 0 s"));
    }
}
