package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.heap.HeapStore;

/**
 * A remote store's key dump listed nothing: forEachItem is a default method of the kind, and the
 * stub ran the default (false, nothing listed) instead of asking the host. Default methods that
 * hand items of a carried type to a Consumer now run on the host, the items coming back after the
 * result.
 */
class RemoteKeyDumpTest {

    @Test
    void forEachItemListsTheHostedStoresItems() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(64L << 20), RemoteSettings.DEFAULTS)) {
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", f.peer);
            for (int i = 0; i < 5000; i++) {
                remote.set("key-" + i, new byte[] {(byte) i, 7}, i, KeyValueStore.NEVER);
            }
            List<StoreEntry> listed = new ArrayList<>();
            assertTrue(remote.forEachItem(listed::add), "the hosted store lists its items");
            assertEquals(5000, listed.size());
            Set<String> keys = new HashSet<>();
            for (StoreEntry e : listed) {
                assertTrue(keys.add(e.key()), "listed once: " + e.key());
                int n = Integer.parseInt(e.key().substring(4));
                assertArrayEquals(new byte[] {(byte) n, 7}, e.value());
                assertEquals(n, e.flags());
            }
            long before = f.server.calls();
            remote.forEachItem(e -> { });
            assertEquals(before + 1, f.server.calls(), "one remote call, whatever the item count");
        }
    }

    @Test
    void anEmptyStoreListsNothingAndSaysItListed() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(1 << 20), RemoteSettings.DEFAULTS)) {
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", f.peer);
            List<StoreEntry> listed = new ArrayList<>();
            assertTrue(remote.forEachItem(listed::add));
            assertEquals(List.of(), listed);
        }
    }

    @Test
    void aListingTooLargeForOneReplyIsRefusedSayingWhy() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(256L << 20), RemoteSettings.DEFAULTS.withCallTimeoutMs(30_000))) {
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", f.peer);
            byte[] value = new byte[512 * 1024];
            for (int i = 0; i < 80; i++) { // 40 MB of values: more than one reply carries
                remote.set("big-" + i, value, 0, KeyValueStore.NEVER);
            }
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> remote.forEachItem(x -> { }));
            assertTrue(e.getMessage().contains("at most 32 MB"), e.getMessage());
            assertEquals("fine", new String(new byte[] {'f', 'i', 'n', 'e'}), "the connection still serves");
            assertEquals(80, remote.size());
        }
    }
}
