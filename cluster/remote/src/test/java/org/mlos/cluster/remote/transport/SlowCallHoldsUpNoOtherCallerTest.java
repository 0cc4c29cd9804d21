package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;

/**
 * The first slice could only run calls on the host's event loop, where one slow call holds up every
 * other caller on the connection until it returns. With {@code mlos.remote.host.dispatch=threads},
 * other callers' calls are answered while the slow one still runs; on the loop (the default, for
 * kinds that do not block) they wait behind it.
 */
class SlowCallHoldsUpNoOtherCallerTest {

    private static final long SLOW_MS = 1500;
    private static final int FAST_CALLS = 200;

    @Test
    void otherCallersAreAnsweredWhileASlowCallRuns() throws Exception {
        RemoteSettings threads = RemoteSettings.DEFAULTS.withCallTimeoutMs(10_000).withHostDispatch(HostDispatch.THREADS);
        try (TransportFixture f = new TransportFixture(() -> new SlowStore(SLOW_MS), threads)) {
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", f.peer);
            remote.set("fast", new byte[] {1}, 0, 0);
            SlowStore host = (SlowStore) f.stores.get(0);
            CompletableFuture<Long> slow = CompletableFuture.supplyAsync(() -> {
                remote.get("slow-1");
                return System.nanoTime();
            });
            while (host.slowGets.get() == 0) {
                Thread.sleep(1); // the slow call is running on the host now
            }
            for (int i = 0; i < FAST_CALLS; i++) {
                assertEquals(1, remote.get("fast").value()[0]);
            }
            assertFalse(slow.isDone(), FAST_CALLS + " calls of another caller were answered before the slow call returned");
            slow.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void onTheLoopTheyWaitBehindIt() throws Exception {
        RemoteSettings loop = RemoteSettings.DEFAULTS.withCallTimeoutMs(10_000);
        assertEquals(HostDispatch.LOOP, loop.hostDispatch(), "the default");
        try (TransportFixture f = new TransportFixture(() -> new SlowStore(SLOW_MS), loop)) {
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", f.peer);
            remote.set("fast", new byte[] {1}, 0, 0);
            SlowStore host = (SlowStore) f.stores.get(0);
            CompletableFuture<Long> slow = CompletableFuture.supplyAsync(() -> {
                remote.get("slow-1");
                return System.nanoTime();
            });
            while (host.slowGets.get() == 0) {
                Thread.sleep(1);
            }
            long t0 = System.nanoTime();
            remote.get("fast");
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waitedMs >= SLOW_MS / 3, "on the loop, the fast call waited for the slow one: " + waitedMs + " ms");
            slow.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDispatchSettingThatIsNeitherSaysWhatIsAllowed() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HostDispatch.parse("workers"));
        assertTrue(e.getMessage().contains("loop, threads"), e.getMessage());
        assertEquals(HostDispatch.LOOP, HostDispatch.parse(" Loop "));
    }
}
