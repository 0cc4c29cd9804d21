package org.mlos.cluster.remote.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.Peer;
import org.mlos.cluster.remote.transport.RemoteClient;
import org.mlos.cluster.remote.transport.RemoteSettings;
import org.mlos.cluster.remote.transport.TcpProxy;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.slab.SlabStore;

/**
 * The host of a kind's store is lost: the call in flight fails at once with an exception naming
 * kind, method and node (well within the call timeout) if it may have run there, or runs on what
 * the kind fails over to if its request never left; the binding reports the loss, and with the
 * remote candidate withdrawn (what the framework side does on that report) the kernel fails over
 * to the local implementation and callers are served again.
 */
class HostLostFailsOverTest {

    @Test
    void aLostHostFailsTheCallAndTheKindFailsOverToALocalCandidate() throws Exception {
        RemoteSettings settings = RemoteSettings.DEFAULTS.withCallTimeoutMs(5000).withRetries(1);
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(64L << 20), settings);
                TcpProxy proxy = new TcpProxy(f.peer.port())) {
            SwapKernel kernel = new SwapKernel();
            KeyValueStore store = kernel.handle(KeyValueStore.class);
            kernel.install(KeyValueStore.class, "slab", new SlabStore(64L << 20), 0);
            KeyValueStore stub = f.client.bind(KeyValueStore.class, "heap", new Peer("host-1", "127.0.0.1", proxy.port()));
            kernel.install(KeyValueStore.class, "heap@host-1", stub, -1);
            CountDownLatch withdrawn = new CountDownLatch(1);
            RemoteClient.binding(stub).onLost(() -> new Thread(() -> {
                kernel.uninstall(KeyValueStore.class, "heap@host-1", stub);
                withdrawn.countDown();
            }).start());
            store.set("k", new byte[] {1}, 0, 0);
            assertEquals(SwapOutcome.COMPLETED, kernel.swap("KeyValueStore", "heap@host-1").outcome());
            store.set("there", new byte[] {2}, 0, 0);

            proxy.kill();
            long t0 = System.nanoTime();
            RemoteCallException e = null;
            try {
                store.set("lost", new byte[] {3}, 0, 0);
            } catch (RemoteCallException x) {
                e = x;
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            if (e != null) {
                // its request left over a connection the kill then closed: it may have run there
                assertEquals(RemoteCallException.Failure.NODE_LOST, e.failure());
                assertFalse(e.resendable(), e.getMessage());
                assertTrue(e.getMessage().contains("KeyValueStore.set") && e.getMessage().contains("host-1"), e.getMessage());
            } else {
                // its request never left (the connection was known closed, the new one refused):
                // the handle ran it again on the local store the kind failed over to
                assertEquals(3, store.get("lost").value()[0]);
            }
            assertTrue(ms < 5000, "within the call timeout: " + ms + " ms");

            assertTrue(withdrawn.await(30, TimeUnit.SECONDS), "the lost candidate was withdrawn");
            assertEquals("slab", kernel.kind("KeyValueStore").orElseThrow().active(), "failed over to the local store");
            store.set("after", new byte[] {4}, 0, 0);
            assertEquals(4, store.get("after").value()[0]);
            assertNull(store.get("there"), "what lived only on the lost host is gone (no state could move)");
        }
    }

    /**
     * A read cannot run twice to harm: one whose host was lost under it runs again on what the
     * kind fails over to, and its caller sees no failure (it used to get the node's failure).
     */
    @Test
    void aReadOnALostHostRunsAgainOnTheFailover() throws Exception {
        RemoteSettings settings = RemoteSettings.DEFAULTS.withCallTimeoutMs(5000).withRetries(1);
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(64L << 20), settings);
                TcpProxy proxy = new TcpProxy(f.peer.port())) {
            SwapKernel kernel = new SwapKernel();
            KeyValueStore store = kernel.handle(KeyValueStore.class);
            SlabStore local = new SlabStore(64L << 20);
            kernel.install(KeyValueStore.class, "slab", local, 0);
            KeyValueStore stub = f.client.bind(KeyValueStore.class, "heap", new Peer("host-1", "127.0.0.1", proxy.port()));
            kernel.install(KeyValueStore.class, "heap@host-1", stub, -1);
            RemoteClient.binding(stub).onLost(() -> new Thread(() -> kernel.uninstall(KeyValueStore.class, "heap@host-1", stub))
                    .start());
            assertEquals(SwapOutcome.COMPLETED, kernel.swap("KeyValueStore", "heap@host-1").outcome());
            store.set("k", new byte[] {1}, 0, 0);
            assertEquals(1, store.get("k").value()[0], "served by the host");

            proxy.kill();

            // it ran again on the local store, where k is not (it lived on the lost host): a miss, not a failure
            assertNull(store.get("k"));
            // the read reruns once the swap is decided; the kernel names the new active implementation
            // once the swap has ended (on the onLost thread, after the lost host's export is let go):
            // a clean-clone CI beside an outsider's nodes read heap@host-1 in between
            for (int i = 0; i < 3_000 && !"slab".equals(kernel.kind("KeyValueStore").orElseThrow().active()); i++) {
                Thread.sleep(10);
            }
            assertEquals("slab", kernel.kind("KeyValueStore").orElseThrow().active());
        }
    }
}
