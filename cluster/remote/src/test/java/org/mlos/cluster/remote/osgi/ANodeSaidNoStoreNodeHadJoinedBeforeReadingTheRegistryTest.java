package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.TcpProxy;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.core.settings.NodeProperties;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * {@code mlos run cache --set mlos.kind.KeyValueStore=heap@store} beside a store node up for 30 s
 * printed "nothing in the cluster has offered heap@store yet: no node or profile named store has
 * joined (start one …)" on a busy machine, and the candidate came moments later: the launcher read
 * the kernel between the join and the node's first look at the registry. Until that look has
 * been made (the registry read and every preference tried), the node now tells the launcher it
 * is pending, and the launcher names no missing node meanwhile.
 */
class ANodeSaidNoStoreNodeHadJoinedBeforeReadingTheRegistryTest {

    @Test
    void theLookIsPendingUntilTheRegistryWasReadAndTheCandidateOfferedByThen() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20),
                ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS); TcpProxy store = new TcpProxy(f.server.port())) {
            FakeNode cache = new FakeNode(KeyValueStore.class);
            cache.properties.put("mlos.kind.KeyValueStore", "heap@store");
            cache.nodes = List.of(FakeNode.node("web-1", "cache", 0), FakeNode.node("store-a", "store", store.port()));
            FirstRegistryLook look = FirstRegistryLook.registerIfPreferred(cache.context);
            FakeNode.Registration mark = ARemoteKindStayedBoundToANodeThatLeftTest.only(cache);
            assertEquals(FirstRegistryLook.PENDING, mark.props.get(NodeProperties.PENDING));
            assertTrue(mark.service instanceof FirstRegistryLook, "a framework refuses an object not of the class named");
            RemoteCandidates candidates = new RemoteCandidates(cache.context, f.client);
            List<String> atTheLook = new ArrayList<>();
            new StartPreferences(cache.context, cache, candidates, () -> {
                if (!atTheLook.isEmpty()) {
                    return; // told again as the asking ends: the mark has gone already
                }
                for (FakeNode.Registration r : cache.registered()) {
                    atTheLook.add(String.valueOf(r.props.getOrDefault("mlos.remote.node", "mark")));
                }
                look.done();
            }).run();
            assertEquals(List.of("mark", "store-a"), atTheLook, "the candidate is offered before the mark goes");
            assertTrue(mark.unregistered);
            assertEquals("store-a", ARemoteKindStayedBoundToANodeThatLeftTest.only(cache).props.get("mlos.remote.node"));
            look.done(); // again, as the component's stop does: no error
            candidates.close();
        }
    }

    @Test
    void aNodePreferringNothingRemoteMarksNothing() {
        FakeNode cache = new FakeNode(KeyValueStore.class);
        cache.properties.put("mlos.kind.KeyValueStore", "slab");
        FirstRegistryLook.registerIfPreferred(cache.context).done();
        assertTrue(cache.registrations.isEmpty(), cache.registrations.toString());
    }

    @Test
    void aRegistryThatCannotBeReadYetKeepsTheLookPending() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20),
                ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS); TcpProxy store = new TcpProxy(f.server.port())) {
            FakeNode cache = new FakeNode(KeyValueStore.class);
            cache.properties.put("mlos.kind.KeyValueStore", "heap@store");
            cache.nodes = List.of(FakeNode.node("web-1", "cache", 0), FakeNode.node("store-a", "store", store.port()));
            cache.nodesFail = new IllegalStateException("no data member");
            FirstRegistryLook look = FirstRegistryLook.register(cache.context);
            FakeNode.Registration mark = ARemoteKindStayedBoundToANodeThatLeftTest.only(cache);
            RemoteCandidates candidates = new RemoteCandidates(cache.context, f.client);
            List<Boolean> looks = new CopyOnWriteArrayList<>();
            Thread asking = new Thread(new StartPreferences(cache.context, cache, candidates, () -> {
                looks.add(Boolean.TRUE);
                look.done();
            }), "test-preferences");
            asking.setDaemon(true);
            asking.start();
            try {
                Thread.sleep(3 * StartPreferences.PERIOD_MS);
                assertFalse(mark.unregistered, "an unreadable registry said nothing yet");
                assertTrue(looks.isEmpty());
                cache.nodesFail = null;
                ARemoteKindStayedBoundToANodeThatLeftTest.await(() -> mark.unregistered, "the look");
                assertEquals(2, cache.registrations.size(), "the candidate, besides the mark");
            } finally {
                asking.interrupt();
                asking.join(30_000);
            }
            assertFalse(asking.isAlive());
            candidates.close();
        }
    }
}
