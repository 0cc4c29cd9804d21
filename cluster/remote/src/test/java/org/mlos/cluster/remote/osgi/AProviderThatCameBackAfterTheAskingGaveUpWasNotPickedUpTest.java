package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.TcpProxy;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * After a failed scale an outsider's web node logged "gave up providing disk@full … no node or
 * profile named full" and answered 503 for over a minute after a new full node had joined, until
 * a manual {@code mlos swap}: the preferences were asked again only when a candidate was
 * withdrawn, and none was left to withdraw. A node joining the cluster now asks them again.
 */
class AProviderThatCameBackAfterTheAskingGaveUpWasNotPickedUpTest {

    @Test
    void aNodeThatJoinsAfterTheAskingGaveUpIsPickedUpWithoutASwap() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20),
                ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS); TcpProxy full = new TcpProxy(f.server.port())) {
            FakeNode web = new FakeNode(KeyValueStore.class);
            web.properties.put("mlos.kind.KeyValueStore", "heap@full");
            web.nodes = List.of(FakeNode.node("web-1", "web", 0));
            RemoteCandidates candidates = new RemoteCandidates(web.context, f.client);
            AtomicInteger joins = new AtomicInteger();
            MembershipWatch watch = new MembershipWatch(web, candidates, new Departures(f.client::presence, Departures.DEFAULT_SILENT_GRACE_MS), () -> {
                joins.incrementAndGet();
                new StartPreferences(web.context, web, candidates).run();
            });
            watch.look();
            // what the asking met every time until it gave up
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                    () -> candidates.provide(web, "KeyValueStore", "heap@full"));
            assertTrue(none.getMessage().contains("no node or profile named full"), none.getMessage());
            watch.look();
            assertEquals(0, joins.get(), "nobody joined");

            web.nodes = List.of(FakeNode.node("web-1", "web", 0), FakeNode.node("full-c", "full", full.port()));
            watch.look();
            assertEquals(1, joins.get());
            FakeNode.Registration r = ARemoteKindStayedBoundToANodeThatLeftTest.only(web);
            assertEquals("full-c", r.props.get("mlos.remote.node"));
            ((KeyValueStore) r.service).set("k", new byte[] {1}, 0, 0);
            candidates.close();
        }
    }
}
