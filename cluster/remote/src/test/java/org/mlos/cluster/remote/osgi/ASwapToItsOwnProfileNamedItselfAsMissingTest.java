package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * An outsider's trial: {@code mlos swap KeyValueStore heap@store --cluster} with one store node
 * up was refused by that node with "no node or profile named store in the cluster; nodes: [… (store)]",
 * the list naming the node it said was missing: a node does not call itself remotely. It says so.
 */
class ASwapToItsOwnProfileNamedItselfAsMissingTest {

    @Test
    void theOnlyNodeOfTheProfileAskedIsToldItIsThisNode() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20), ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS)) {
            FakeNode store = new FakeNode(KeyValueStore.class); // this node is web-1: here, of profile store
            store.nodes = List.of(FakeNode.node("web-1", "store", 0), FakeNode.node("cache-b", "cache", 0));
            RemoteCandidates candidates = new RemoteCandidates(store.context, f.client);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> candidates.provide(store, "KeyValueStore", "heap@store"));
            assertEquals("the only node of profile store is this node, and a node does not call itself remotely: serve the"
                    + " kind here without @store, or start another store node to host it", e.getMessage());
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                    () -> candidates.provide(store, "KeyValueStore", "heap@full"));
            assertTrue(other.getMessage().startsWith("no node or profile named full in the cluster"), other.getMessage());
            // by its own id, the node called itself through its own port, and the swap said COMPLETED (an outsider)
            IllegalArgumentException own = assertThrows(IllegalArgumentException.class,
                    () -> candidates.provide(store, "KeyValueStore", "heap@web-1"));
            assertEquals("web-1 is this node's own id, and a node does not call itself remotely: serve the kind here without"
                    + " @web-1, or name another node", own.getMessage());
            candidates.close();
        }
    }
}
