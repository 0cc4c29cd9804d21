package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * A default method of a kind whose parameters and result travel runs on the host (memory API 1.8:
 * the host's store overrides what the default only approximates, as an append within a length).
 * {@code KeyValueStore.resize} is one: it used to run its refusing default in the stub, so
 * {@code cache_memlimit} on a {@code front} node failed; now it resizes the caller's instance on
 * the host, as it would resize a local store.
 */
class RemoteResizeResizesTheHostedInstanceTest {

    @Test
    void aRemoteStoreIsResizedOnItsHost() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(64L << 20), RemoteSettings.DEFAULTS)) {
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", f.peer);
            remote.set("k", new byte[10], 0, KeyValueStore.NEVER);
            remote.resize(32L << 20);
            assertEquals(32L << 20, remote.capacityBytes());
            synchronized (f.stores) {
                assertEquals(1, f.stores.size());
                assertEquals(32L << 20, f.stores.get(0).capacityBytes(), "the hosted instance took the new capacity");
            }
            assertEquals(10, remote.get("k").value().length, "its items stay");
        }
    }
}
