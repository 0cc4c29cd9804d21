package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mlos.cluster.remote.osgi.ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS;
import static org.mlos.cluster.remote.osgi.ARemoteKindStayedBoundToANodeThatLeftTest.await;


import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.TcpProxy;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.mem.store.heap.HeapStore;

/**
 * A security audit saw a connection a second to a full node's remote port that never handshook:
 * the web node's membership watch, probing whether each host's port still refused, with a socket
 * of its own every look, though its calls' connection to the host was open. A host is probed now
 * only while that connection is down; a killed host is still withdrawn at the next look.
 */
class TheWatchConnectedToALiveHostEverySecondTest {

    @Test
    void aHostWhoseConnectionIsOpenIsNotProbedAndAKilledOneIsStillWithdrawn() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20), SETTINGS);
                TcpProxy full = new TcpProxy(f.server.port())) {
            WebNodeOnAFullNode node = WebNodeOnAFullNode.bound(f, full);
            FakeNode web = node.web();
            RemoteCandidates candidates = node.candidates();
            MembershipWatch watch = node.watch();
            int afterBinding = full.accepted();
            for (int look = 0; look < 20; look++) {
                watch.look();
            }
            web.nodesFail = new IllegalStateException("no data member (expected by the test)");
            for (int look = 0; look < 20; look++) {
                watch.look();
            }
            assertEquals(afterBinding, full.accepted(), "looks at a host whose connection is open made no connection to it");
            assertEquals(1, web.registered().size());

            // the calls' connection lost while the host lives (a blip; no call reconnects): probed, then
            // less and less often, not at every look
            f.client.close(); // closes its connections
            int beforeBlip = full.accepted();
            long t0 = 0;
            for (int look = 0; look < 10; look++) {
                watch.refusesNow(new org.mlos.cluster.remote.transport.Peer("full-a", "127.0.0.1", full.port()), t0 + look * 1_000L);
            }
            // the proxy counts an accept a moment after the probe's connect returns
            await(() -> full.accepted() >= beforeBlip + 4, "four probes accepted");
            Thread.sleep(200);
            assertEquals(beforeBlip + 4, full.accepted(), "ten looks a second apart probe at 0, 1, 3 and 7 s");
            assertEquals(1, web.registered().size(), "a host that accepts keeps its candidate");

            full.kill();
            for (int i = 0; i < 300 && !web.registered().isEmpty(); i++) {
                watch.look();
                Thread.sleep(100);
            }
            await(() -> web.registered().isEmpty(), "the candidate on the killed host withdrawn");
            candidates.close();
        }
    }
}
