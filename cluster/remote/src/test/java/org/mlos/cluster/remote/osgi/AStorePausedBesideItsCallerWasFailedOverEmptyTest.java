package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.Handshake;
import org.mlos.cluster.remote.transport.HostPresence;
import org.mlos.cluster.remote.transport.RemoteClient;
import org.mlos.cluster.remote.transport.TcpProxy;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * An outsider paused a store node 20 s ({@code kill -STOP}) beside the front node whose store it
 * hosted: the store left the cluster, did not answer a handshake, and was withdrawn as lost; the
 * front failed over to an empty store, and none of the 1,000 items written before the pause was
 * read back after it. A host that left the registry but whose port accepts connections and says
 * nothing is paused, not dead: its caller stays bound for the silence allowed, and every item is
 * there once it runs again (a call made meanwhile waits here: the calls' timeout is 15 s).
 */
class AStorePausedBesideItsCallerWasFailedOverEmptyTest {

    private static final int ITEMS = 1_000;

    @Test
    void aPausedHostKeepsItsCallersAndTheirItems() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20),
                ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS); TcpProxy host = new TcpProxy(f.server.port());
                RemoteClient prober = prober(f)) {
            Front bound = Front.boundTo(f, host, new Departures(prober::presence, Departures.DEFAULT_SILENT_GRACE_MS));
            FakeNode front = bound.node();
            RemoteCandidates candidates = bound.candidates();
            MembershipWatch watch = bound.watch();
            KeyValueStore store = (KeyValueStore) ARemoteKindStayedBoundToANodeThatLeftTest.only(front).service;
            for (int i = 0; i < ITEMS; i++) {
                store.set("k" + i, new byte[] {(byte) i}, 0, 0);
            }

            host.pause();
            CompletableFuture<byte[]> waiting = CompletableFuture.supplyAsync(() -> store.get("k7").value());
            front.nodes = List.of(FakeNode.node("front-1", "front", 0)); // the cluster dropped it
            assertEquals(HostPresence.SILENT, prober.presence(new org.mlos.cluster.remote.transport.Peer("store-a",
                    "127.0.0.1", host.port())), "its port accepts, and it says nothing");
            watch.look();
            watch.look();
            assertEquals(1, front.registered().size(), "a paused host keeps its caller: " + front.registrations);

            host.resume();
            assertArrayEquals(new byte[] {7}, waiting.get(30, TimeUnit.SECONDS), "the call made during the pause served");
            // merged back under a new id at the same address: followed, and its port no longer probed at each look
            front.nodes = List.of(FakeNode.node("front-1", "front", 0), FakeNode.node("store-a2", "store", host.port()));
            watch.look();
            int connections = host.accepted();
            watch.look();
            watch.look();
            assertEquals(connections, host.accepted(), "a host back under a new id was probed at every look");
            assertEquals(1, front.registered().size());
            for (int i = 0; i < ITEMS; i++) {
                assertArrayEquals(new byte[] {(byte) i}, store.get("k" + i).value(), "item " + i + " after the pause");
            }
            assertEquals(1, f.opened.get(), "the same instance throughout");
            candidates.close();
        }
    }

    @Test
    void aHostSilentLongerThanAllowedIsWithdrawn() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20),
                ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS); TcpProxy host = new TcpProxy(f.server.port());
                RemoteClient prober = prober(f)) {
            Front bound = Front.boundTo(f, host, new Departures(prober::presence, 1500));
            FakeNode front = bound.node();
            RemoteCandidates candidates = bound.candidates();
            MembershipWatch watch = bound.watch();
            host.pause();
            front.nodes = List.of(FakeNode.node("front-1", "front", 0));
            watch.look();
            assertEquals(1, front.registered().size(), "kept at first: 1.5 s of silence allowed");
            Thread.sleep(1600);
            watch.look();
            ARemoteKindStayedBoundToANodeThatLeftTest.await(() -> front.registered().isEmpty(), "withdrawn");
            host.resume();
            candidates.close();
        }
    }

    /** A front node whose store is bound to heap@store behind {@code host}, with the watch a test drives look by look. */
    private record Front(FakeNode node, RemoteCandidates candidates, MembershipWatch watch) {
        static Front boundTo(TransportFixture f, TcpProxy host, Departures departures) throws Exception {
            FakeNode front = new FakeNode(KeyValueStore.class);
            front.nodes = List.of(FakeNode.node("front-1", "front", 0), FakeNode.node("store-a", "store", host.port()));
            RemoteCandidates candidates = new RemoteCandidates(front.context, f.client);
            assertTrue(candidates.provide(front, "KeyValueStore", "heap@store"));
            return new Front(front, candidates, new MembershipWatch(front, candidates, departures, () -> { }));
        }
    }

    /** Probes with a short connect timeout: the calls' client waits long, for a loaded machine. */
    private static RemoteClient prober(TransportFixture f) {
        return new RemoteClient(f.callerVertx, new Handshake(TransportFixture.KEY),
                ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS.withConnectTimeoutMs(1000), "front-1");
    }
}
