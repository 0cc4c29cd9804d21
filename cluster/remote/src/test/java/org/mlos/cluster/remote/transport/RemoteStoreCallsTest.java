package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.store.heap.HeapStore;

/** A KeyValueStore on another "node": every operation through the generated stub, the transport and the dispatcher. */
class RemoteStoreCallsTest {

    private TransportFixture f;
    private KeyValueStore remote;

    @BeforeEach
    void start() throws Exception {
        f = new TransportFixture(() -> new HeapStore(1 << 20), RemoteSettings.DEFAULTS);
        remote = f.client.bind(KeyValueStore.class, "heap", f.peer);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyOperationAnswersAsTheHostedStoreDoes() {
        long cas = remote.set("a", b("1"), 7, KeyValueStore.NEVER);
        assertTrue(cas > 0);
        StoreEntry e = remote.get("a");
        assertEquals("a", e.key());
        assertArrayEquals(b("1"), e.value());
        assertEquals(7, e.flags());
        assertEquals(cas, e.cas());
        assertNull(remote.get("missing"));
        assertEquals(0, remote.add("a", b("x"), 0, 0));
        assertTrue(remote.replace("a", b("2"), 0, 0) > 0);
        assertEquals(CasResult.Status.EXISTS, remote.compareAndSet("a", b("3"), 0, 0, 12345).status());
        long now = remote.get("a").cas();
        assertEquals(CasResult.Status.STORED, remote.compareAndSet("a", b("3"), 0, 0, now).status());
        assertEquals(4, remote.increment("a", 1).value());
        assertEquals(0, remote.decrement("a", 10).value());
        assertTrue(remote.append("a", b("9")) > 0);
        assertArrayEquals(b("09"), remote.get("a").value());
        assertTrue(remote.touch("a", KeyValueStore.NEVER));
        assertTrue(remote.delete("a"));
        assertFalse(remote.delete("a"));
        assertEquals(0, remote.size());
        assertTrue(remote.stats().sets() >= 1);
        assertEquals(1 << 20, remote.capacityBytes());
        remote.set("b", b("x"), 0, 0);
        remote.flushAll(System.currentTimeMillis());
        assertNull(remote.get("b"));
        assertEquals(1, f.opened.get());
    }

    @Test
    void exceptionsTheKindDocumentsComeBackAsTheirOwnType() {
        remote.set("text", b("abc"), 0, 0);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> remote.increment("text", 1));
        assertTrue(bad.getMessage().contains("non-numeric"), bad.getMessage());
        assertThrows(StoreFullException.class, () -> remote.set("big", new byte[2 << 20], 0, 0));
    }

    @Test
    void anUnknownImplementationIsRefusedSayingWhy() {
        RemoteCallException e = assertThrows(RemoteCallException.class,
                () -> f.client.bind(KeyValueStore.class, "nonesuch", f.peer));
        assertEquals(RemoteCallException.Failure.PROTOCOL, e.failure());
        assertTrue(e.getMessage().contains("no implementation nonesuch") && e.getMessage().contains("host-1"), e.getMessage());
    }

    @Test
    void eachBindingIsAnInstanceOfItsOwn() {
        KeyValueStore other = f.client.bind(KeyValueStore.class, "heap", f.peer);
        remote.set("k", b("mine"), 0, 0);
        assertNull(other.get("k"));
        assertEquals(2, f.opened.get());
        f.client.unbind(other);
        assertEquals(1, f.closed.get());
        assertEquals(1, f.server.instances().size());
    }

    @Test
    void instancesOfACallerThatIsGoneAreEnded() throws Exception {
        assertEquals(0, f.server.closeOrphans(java.util.Set.of("caller-1")), "the caller is alive");
        assertEquals(1, f.server.instances().size());
        f.client.close(); // the caller's process ended: its connection closed with it
        int ended = 0;
        for (int check = 0; check < 500 && ended == 0; check++) { // until the host has seen the close
            ended = f.server.closeOrphans(java.util.Set.of("someone-else"));
            Thread.sleep(10);
        }
        assertEquals(1, ended, "missing at two checks in a row, its connection closed: gone");
        assertEquals(0, f.server.instances().size());
        assertEquals(1, f.closed.get());
    }

    /**
     * A node paused 14 s ({@code kill -STOP}) came back under a new member id, and its host ended
     * its instances at the next two checks, though the node still held them open: every later call
     * was refused, "no hosted instance 2 here", and a front answered 502 until it was restarted.
     * While the caller's connection is open, its instances stay.
     */
    @Test
    void aCallerPausedOutOfTheRegistryKeepsItsInstancesWhileItsConnectionIsOpen() {
        remote.set("k", b("kept"), 0, 0);
        for (int check = 0; check < 5; check++) {
            assertEquals(0, f.server.closeOrphans(java.util.Set.of("caller-1-merged-under-a-new-id")));
        }
        assertEquals(1, f.server.instances().size());
        assertArrayEquals(b("kept"), remote.get("k").value());
    }

    /** But not forever: a connection half-open for good (a machine gone without a word) would keep a store's items. */
    @Test
    void anOpenConnectionKeepsAnUnusedInstanceOfAMissingCallerForABoundedTime() {
        int checks = 0;
        int ended = 0;
        while (ended == 0 && checks < 100) {
            if (checks == 10) {
                remote.get("k"); // used: its caller lives, whatever the registry says; the count starts again
            }
            ended = f.server.closeOrphans(java.util.Set.of("caller-1-merged-under-a-new-id"));
            checks++;
        }
        assertEquals(1, ended);
        assertEquals(10 + RemoteServer.MOST_CHECKS_KEPT_BY_CONNECTION + 2, checks, "unused for that many checks, then as any"
                + " missing caller's: two more");
    }

    /** And when the host has ended it all the same (it restarted on its address), the binding is lost: the kind fails over. */
    @Test
    void aCallOnAnInstanceTheHostEndedFailsOverInsteadOfBeingRefusedForGood() {
        RemoteBinding binding = RemoteClient.binding(remote);
        java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();
        binding.onLost(lost::incrementAndGet);
        f.server.close(binding.instance());
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> remote.set("k", b("v"), 0, 0));
        assertEquals(RemoteCallException.Failure.NODE_LOST, e.failure(), e.getMessage());
        assertTrue(e.resendable(), "nothing ran on the host: the handle runs it again on the failover");
        assertTrue(e.getMessage().contains("no hosted instance " + binding.instance() + " here"), e.getMessage());
        assertEquals(1, lost.get(), "the binding is taken for lost");
        f.client.unbind(remote); // closing what the host ended already is no error
    }

    @Test
    void aCallerMissingFromTheRegistryForOneCheckKeepsItsInstance() {
        // a live node's registry entry refreshed late on a busy machine: one check without it
        assertEquals(0, f.server.closeOrphans(java.util.Set.of()));
        assertEquals(0, f.server.closeOrphans(java.util.Set.of("caller-1")), "back at the next check");
        assertEquals(0, f.server.closeOrphans(java.util.Set.of()), "missing once again, not twice in a row");
        assertEquals(1, f.server.instances().size());
        remote.set("k", b("still here"), 0, 0);
        assertArrayEquals(b("still here"), remote.get("k").value());
    }

    @Test
    void callsAreCountedAndTimed() {
        for (int i = 0; i < 10; i++) {
            remote.get("x");
        }
        RemoteBinding binding = RemoteClient.binding(remote);
        assertEquals(10, binding.calls());
        assertTrue(binding.totalNanos() > 0);
        assertEquals(10, f.server.calls());
    }
}
