package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.RemoteClient;
import org.mlos.cluster.remote.transport.RemoteSettings;
import org.mlos.cluster.remote.transport.TcpProxy;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * An outsider's web node kept its remote kind bound to a full node killed minutes before (gone
 * from {@code mlos nodes}), until a call failed on it; only a later call reached the new full
 * node. A node that leaves the registry and does not answer is now withdrawn from the candidates
 * bound to it at once, without a call, and the profile's preference is provided again from the
 * node that joins. A node missing from the registry that still answers (an entry refreshed late)
 * keeps its candidate.
 */
class ARemoteKindStayedBoundToANodeThatLeftTest {

    // generous bounds: on a loaded machine a handshake can take seconds
    static final RemoteSettings SETTINGS = RemoteSettings.DEFAULTS.withCallTimeoutMs(15_000).withConnectTimeoutMs(15_000);

    @Test
    void aHostThatLeftIsWithdrawnAtOnceAndTheKindRebindsToTheNodeThatJoins() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20), SETTINGS);
                TcpProxy first = new TcpProxy(f.server.port()); TcpProxy second = new TcpProxy(f.server.port())) {
            FakeNode web = new FakeNode(KeyValueStore.class);
            web.properties.put("mlos.kind.KeyValueStore", "heap@full");
            web.nodes = List.of(FakeNode.node("web-1", "web", 0), FakeNode.node("full-a", "full", first.port()));
            RemoteCandidates candidates = new RemoteCandidates(web.context, f.client);
            AtomicInteger withdrawn = new AtomicInteger();
            candidates.afterWithdraw(withdrawn::incrementAndGet);
            AtomicInteger joins = new AtomicInteger();
            MembershipWatch watch = new MembershipWatch(web, candidates, new Departures(f.client::presence, Departures.DEFAULT_SILENT_GRACE_MS), () -> {
                joins.incrementAndGet();
                new StartPreferences(web.context, web, candidates).run(); // as the component starts it, here in line
            });

            assertTrue(candidates.provide(web, "KeyValueStore", "heap@full"));
            KeyValueStore onA = (KeyValueStore) only(web).service;
            assertEquals("full-a", only(web).props.get("mlos.remote.node"));
            onA.set("k", new byte[] {1}, 0, 0);
            watch.look();
            assertEquals(1, web.registered().size(), "a node in the registry keeps its candidate");

            // Missing from the registry but answering: kept (its entry may be refreshed late).
            web.nodes = List.of(FakeNode.node("web-1", "web", 0));
            watch.look();
            assertEquals(1, web.registered().size(), "a node that answers keeps its candidate");

            first.kill(); // kill -9: gone from the registry, and its port refuses
            long callsBefore = RemoteClient.binding(onA).calls();
            watch.look();
            await(() -> web.registered().isEmpty() && withdrawn.get() == 1, "the candidate on the departed node withdrawn");
            assertEquals(callsBefore, RemoteClient.binding(onA).calls(), "withdrawn without a call failing on it");

            web.nodes = List.of(FakeNode.node("web-1", "web", 0), FakeNode.node("full-b", "full", second.port()));
            watch.look();
            assertEquals(1, joins.get(), "a node joined: the preferences asked again");
            assertEquals(1, web.registered().size(), web.registrations.toString());
            assertEquals("full-b", only(web).props.get("mlos.remote.node"), "bound to the node that joined");
            KeyValueStore onB = (KeyValueStore) only(web).service;
            onB.set("k", new byte[] {2}, 0, 0);
            assertArrayEquals(new byte[] {2}, onB.get("k").value(), "the first call on the new node served");
            candidates.close();
        }
    }

    static FakeNode.Registration only(FakeNode node) {
        List<FakeNode.Registration> r = node.registered();
        assertEquals(1, r.size(), node.registrations.toString());
        return r.get(0);
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "not within 30 s: " + what);
            Thread.sleep(10);
        }
    }
}
