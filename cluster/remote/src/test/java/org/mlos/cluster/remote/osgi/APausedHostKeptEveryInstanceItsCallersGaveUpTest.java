package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * A store node paused 20 s ({@code kill -STOP}) was withdrawn by its callers as lost, and came
 * back under a new id on the same address; each caller opened a new instance there, and the one
 * it gave up stayed on the host, with its items, for as long as the caller ran (an outsider's
 * re-check of the pause fix). The caller ends it as it opens the new one.
 */
class APausedHostKeptEveryInstanceItsCallersGaveUpTest {

    @Test
    void theInstanceGivenUpIsEndedWhenTheHostIsBoundAgain() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20),
                ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS)) {
            FakeNode cache = new FakeNode(KeyValueStore.class);
            cache.nodes = List.of(FakeNode.node("cache-1", "cache", 0), FakeNode.node("store-a", "store", f.server.port()));
            RemoteCandidates candidates = new RemoteCandidates(cache.context, f.client);
            assertTrue(candidates.provide(cache, "KeyValueStore", "heap@store"));
            ((KeyValueStore) ARemoteKindStayedBoundToANodeThatLeftTest.only(cache).service).set("k", new byte[] {1}, 0, 0);
            assertEquals(1, f.server.instances().size());

            // paused longer than the silence allowed: out of the registry, no answer; withdrawn as lost
            candidates.withdrawDeparted(Set.of("cache-1"), java.util.Map.of(), peer -> "left the cluster", peer -> false);
            ARemoteKindStayedBoundToANodeThatLeftTest.await(() -> cache.registered().isEmpty(), "withdrawn");
            assertEquals(1, f.server.instances().size(), "the host, paused, still holds it");

            // back, merged under a new id on the same address: the preference is provided again
            cache.nodes = List.of(FakeNode.node("cache-1", "cache", 0), FakeNode.node("store-a2", "store", f.server.port()));
            assertTrue(candidates.provide(cache, "KeyValueStore", "heap@store"));
            assertEquals(1, f.server.instances().size(), "the instance given up is ended, the new one open: "
                    + f.server.instances());
            assertEquals(1, f.closed.get());
            candidates.close();
        }
    }
}
