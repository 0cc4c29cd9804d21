package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.core.remote.RemoteCallException.Failure;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * An outsider's web node called a mutating method of a kind whose host had been killed: the
 * connection was refused, and the answer said "not retried, it mutates and may have run". A
 * request that never left this node cannot have run: it says so, and it is sent again (a mutation
 * too), on the same host while it refuses, and it runs once when the host takes it.
 */
class ARefusedConnectionWasSaidToHaveMaybeRunTest {

    // generous bounds: on a loaded machine a handshake can take seconds
    private static final RemoteSettings SETTINGS = RemoteSettings.DEFAULTS.withCallTimeoutMs(15_000)
            .withConnectTimeoutMs(15_000).withRetries(2);

    @Test
    void aMutationWhoseConnectionIsRefusedDidNotRunAndIsRetried() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20), SETTINGS);
                TcpProxy proxy = new TcpProxy(f.peer.port())) {
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", new Peer("host-1", "127.0.0.1", proxy.port()));
            AtomicInteger lost = new AtomicInteger();
            RemoteClient.binding(remote).onLost(lost::incrementAndGet);
            remote.set("k", new byte[] {1}, 0, 0);
            proxy.kill(); // the host dies: its connection drops, and connecting is refused from now on
            // A read notices the drop (its retry is refused): the mutation below then meets a refused
            // connection, not the dying one, whose request may have left.
            assertThrows(RemoteCallException.class, () -> remote.get("k"));
            long retriesBefore = RemoteClient.binding(remote).retries();

            RemoteCallException e = assertThrows(RemoteCallException.class, () -> remote.set("k", new byte[] {2}, 0, 0));
            assertEquals(Failure.NODE_LOST, e.failure());
            assertTrue(e.getMessage().contains("KeyValueStore.set") && e.getMessage().contains("cannot connect")
                    && e.getMessage().contains("did not run"), e.getMessage());
            assertFalse(e.getMessage().contains("may have run"), e.getMessage());
            assertEquals(2, RemoteClient.binding(remote).retries() - retriesBefore, "sent again, though it mutates");
            assertTrue(lost.get() >= 2, "the binding reported the lost host: " + lost.get());
            assertArrayEquals(new byte[] {1}, f.stores.get(0).get("k").value(), "the refused mutation never ran");
        }
    }

    @Test
    void aMutatingRequestWhoseConnectionClosedBeforeTheHandshakeRunsOnceOnTheNextAttempt() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(16L << 20), SETTINGS);
                TcpProxy proxy = new TcpProxy(f.peer.port())) {
            proxy.closeNext(1);
            // opening the instance mutates the host: its first connection closes unforwarded, the second serves
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", new Peer("host-1", "127.0.0.1", proxy.port()));
            assertEquals(1, RemoteClient.binding(remote).retries(), "the open was sent again");
            assertEquals(1, f.opened.get(), "and ran once");
            remote.set("k", new byte[] {3}, 0, 0);
            assertArrayEquals(new byte[] {3}, remote.get("k").value());
        }
    }
}
