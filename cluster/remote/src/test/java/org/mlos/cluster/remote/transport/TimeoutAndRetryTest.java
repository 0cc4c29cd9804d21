package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.core.remote.RemoteCallException.Failure;
import org.mlos.mem.api.KeyValueStore;

/**
 * A call unanswered within the call timeout fails naming kind, method and node; reads are
 * retried, mutations never (the first attempt may have run); a host that goes away fails the
 * calls waiting on it at once rather than at the timeout.
 */
class TimeoutAndRetryTest {

    private TransportFixture f;
    private SlowStore slow;

    private KeyValueStore start(long delayMs, RemoteSettings settings) throws Exception {
        // connecting and opening get a generous bound: on a loaded machine a first handshake can take seconds
        f = new TransportFixture(() -> slow = new SlowStore(delayMs), settings.withConnectTimeoutMs(15_000));
        return f.client.bind(KeyValueStore.class, "heap", f.peer);
    }

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void aLateReadTimesOutNamingKindMethodAndNodeAfterItsRetries() throws Exception {
        KeyValueStore remote = start(700, RemoteSettings.DEFAULTS.withCallTimeoutMs(200).withRetries(1));
        long t0 = System.nanoTime();
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> remote.get("slow-key"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(Failure.TIMEOUT, e.failure());
        assertTrue(e.getMessage().contains("KeyValueStore.get") && e.getMessage().contains("host-1")
                && e.getMessage().contains("200 ms"), e.getMessage());
        assertTrue(ms >= 400 && ms < 5000, "two attempts of 200 ms, took " + ms);
        assertEquals(1, RemoteClient.binding(remote).retries());
    }

    @Test
    void aLateMutationIsNotRetried() throws Exception {
        KeyValueStore remote = start(700, RemoteSettings.DEFAULTS.withCallTimeoutMs(200).withRetries(3));
        RemoteCallException e = assertThrows(RemoteCallException.class, () -> remote.set("slow-key", new byte[1], 0, 0));
        assertEquals(Failure.TIMEOUT, e.failure());
        assertTrue(e.getMessage().contains("KeyValueStore.set") && e.getMessage().contains("not retried"), e.getMessage());
        assertEquals(0, RemoteClient.binding(remote).retries());
        Thread.sleep(800); // the host finishes the one attempt it got
        assertEquals(1, slow.slowSets.get(), "the mutation ran exactly once");
    }

    @Test
    void theConnectionServesOnAfterATimeout() throws Exception {
        KeyValueStore remote = start(400, RemoteSettings.DEFAULTS.withCallTimeoutMs(100).withRetries(0));
        assertThrows(RemoteCallException.class, () -> remote.get("slow-key"));
        // Calls run on the host's event loop in arrival order: wait for the late one to finish there.
        Thread.sleep(500);
        remote.set("k", new byte[] {1}, 0, 0);
        assertNotNull(remote.get("k"), "the late answer was dropped, the next call gets its own");
    }

    @Test
    void aHostThatGoesAwayFailsWaitingCallsAtOnce() throws Exception {
        start(3000, RemoteSettings.DEFAULTS.withCallTimeoutMs(10_000).withRetries(0));
        TcpProxy proxy = new TcpProxy(f.peer.port());
        KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", new Peer("host-1", "127.0.0.1", proxy.port()));
        remote.set("k", new byte[] {1}, 0, 0);
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                remote.get("slow-key");
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        while (slow.slowGets.get() == 0) { // slow is the instance bound last, through the proxy
            Thread.sleep(5);
        }
        long t0 = System.nanoTime();
        proxy.kill(); // the connection drops, as when the host's process dies
        Throwable t = waiting.get(9, TimeUnit.SECONDS);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        RemoteCallException e = (RemoteCallException) t;
        assertEquals(Failure.NODE_LOST, e.failure());
        assertTrue(e.getMessage().contains("KeyValueStore.get") && e.getMessage().contains("host-1"), e.getMessage());
        assertTrue(ms < 9000, "well before the 10 s call timeout: " + ms + " ms");
        RemoteCallException next = assertThrows(RemoteCallException.class, () -> remote.get("k"));
        assertEquals(Failure.NODE_LOST, next.failure());
        assertTrue(next.getMessage().contains("cannot connect"), next.getMessage());
    }
}
