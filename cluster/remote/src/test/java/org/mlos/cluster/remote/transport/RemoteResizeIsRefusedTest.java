package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * {@code KeyValueStore.resize} is a default method the stub runs itself (only defaults that stream
 * items to a Consumer run on the host): a remote store refuses it, saying so, and the hosted store
 * keeps its capacity. A store is resized on the node that hosts it.
 */
class RemoteResizeIsRefusedTest {

    @Test
    void aRemoteStoreRefusesResizeAndKeepsItsCapacity() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(64L << 20), RemoteSettings.DEFAULTS)) {
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", f.peer);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> remote.resize(32L << 20));
            assertTrue(e.getMessage().contains("cannot change its capacity while it serves"), e.getMessage());
            assertEquals(64L << 20, remote.capacityBytes(), "the hosted store is unchanged");
        }
    }
}
