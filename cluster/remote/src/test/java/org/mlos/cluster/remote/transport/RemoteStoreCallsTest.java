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
    void instancesOfACallerThatIsGoneAreEnded() {
        assertEquals(0, f.server.closeOrphans(java.util.Set.of("caller-1")), "the caller is alive");
        assertEquals(1, f.server.instances().size());
        assertEquals(0, f.server.closeOrphans(java.util.Set.of("someone-else")), "missing once: kept");
        assertEquals(1, f.server.closeOrphans(java.util.Set.of("someone-else")), "missing at two checks in a row: gone");
        assertEquals(0, f.server.instances().size());
        assertEquals(1, f.closed.get());
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> remote.get("k"));
        assertEquals(RemoteCallException.Failure.PROTOCOL, e.failure());
        assertTrue(e.getMessage().contains("no hosted instance"), e.getMessage());
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
