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
        assertNull(departures.departure(store, 1_000));
        assertNull(departures.departure(store, 60_999));
        String why = departures.departure(store, 61_000);
        assertTrue(why != null && why.contains("said nothing for 60 s") && why.contains(Departures.SILENT_GRACE_MS), why);
    }

    @Test
    void aHostThatAnswersAgainStartsItsNextSilenceAfresh() {
        says.set(HostPresence.SILENT);
        assertNull(departures.departure(store, 0));
        says.set(HostPresence.ANSWERS);
        assertNull(departures.departure(store, 50_000));
        says.set(HostPresence.SILENT);
        assertNull(departures.departure(store, 100_000), "silent 50 s in all, but 0 s this time");
        assertNull(departures.departure(store, 159_999));
        assertTrue(departures.departure(store, 160_000) != null);
    }

    @Test
    void aHostFoundGoneAfterASilenceIsGoneAtOnceAndItsSilenceForgotten() {
        says.set(HostPresence.SILENT);
        assertNull(departures.departure(store, 0));
        says.set(HostPresence.GONE);
        assertEquals("left the cluster", departures.departure(store, 10_000));
        says.set(HostPresence.SILENT);
        assertNull(departures.departure(store, 70_000), "a silence of its own, not the first one's");
    }

    @Test
    void noSilenceAllowedWithdrawsAtTheFirstLook() {
        Departures none = new Departures(p -> HostPresence.SILENT, 0);
        assertTrue(none.departure(store, 5).contains("said nothing for 0 s"));
    }
}
