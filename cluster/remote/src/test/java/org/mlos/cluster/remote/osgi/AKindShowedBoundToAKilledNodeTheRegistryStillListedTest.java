package org.mlos.cluster.remote.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mlos.cluster.remote.osgi.ARemoteKindStayedBoundToANodeThatLeftTest.SETTINGS;
import static org.mlos.cluster.remote.osgi.ARemoteKindStayedBoundToANodeThatLeftTest.await;
import static org.mlos.cluster.remote.osgi.ARemoteKindStayedBoundToANodeThatLeftTest.only;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.TcpProxy;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.mem.store.heap.HeapStore;

/**
 * An outsider's re-check: with a cluster's only full node killed, the web node showed its kinds
 * bound to it for 17 s. The registry still listed the dead node until Hazelcast's failure detector
 * gave up on it, and since it had been the only member holding data, the registry could not be
 * read meanwhile. A bound node whose port refuses connections is now withdrawn at the next look,
 * whatever the registry says or whether it can be read; one that accepts keeps its candidate.
 */
class AKindShowedBoundToAKilledNodeTheRegistryStillListedTest {

    /**
     * Looks as the watch does, until {@code done}: the proxy standing in for the host may still
     * accept a connection just after its kill (its accepting thread holds the socket in the system
     * call), which a dead process's port never does; the next look then sees the refusal.
     */
    private static void lookUntil(MembershipWatch watch, java.util.function.BooleanSupplier done, String what)
            throws InterruptedException {
        for (int i = 0; i < 300 && !done.getAsBoolean(); i++) {
            watch.look();
            Thread.sleep(100);
        }
        await(done, what);
    }

    @Test
    void aListedNodeWhosePortRefusesIsWithdrawnAndOneThatAcceptsIsKept() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20), SETTINGS);
                TcpProxy full = new TcpProxy(f.server.port())) {
            WebNodeOnAFullNode node = WebNodeOnAFullNode.bound(f, full);
            FakeNode web = node.web();
            RemoteCandidates candidates = node.candidates();
            MembershipWatch watch = node.watch();
            AtomicInteger withdrawn = new AtomicInteger();
            candidates.afterWithdraw(withdrawn::incrementAndGet);
            assertEquals("full-a", only(web).props.get("mlos.remote.node"));

            web.nodesFail = new IllegalStateException("no data member (expected by the test)");
            watch.look();
            watch.look();
            assertEquals(1, web.registered().size(), "a node that accepts keeps its candidate, registry or not");

            full.kill(); // kill -9: its port refuses, but the registry cannot say so yet
            lookUntil(watch, () -> web.registered().isEmpty() && withdrawn.get() == 1, "the candidate on the killed node withdrawn");
            candidates.close();
        }
    }

    @Test
    void stillListedAndReadableButRefusingIsWithdrawnToo() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20), SETTINGS);
                TcpProxy full = new TcpProxy(f.server.port())) {
            WebNodeOnAFullNode node = WebNodeOnAFullNode.bound(f, full);
            FakeNode web = node.web();
            RemoteCandidates candidates = node.candidates();
            MembershipWatch watch = node.watch();
            full.kill();
            lookUntil(watch, () -> web.registered().isEmpty(), "the candidate on the killed node withdrawn while still listed");
            candidates.close();
        }
    }
}
