package org.mlos.cluster.remote.move;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.remote.transport.RemoteSettings;
import org.mlos.cluster.remote.transport.TransportFixture;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.slab.SlabStore;

/**
 * A store moves to another node and back as ordinary live swaps: the stub is an implementation
 * like any other, the kernel copies the entries into the remote instance while writers keep
 * writing, replays, switches; and back. Each writer overwrites its own keys with increasing
 * numbers and reads each back at once: a read older than the write just acknowledged, or a final
 * value older than the last acknowledged one, is a lost write.
 */
class MoveStoreToAnotherNodeTest {

    private static final int WRITERS = 4;
    private static final int KEYS_PER_WRITER = 2000;
    private static final int PRELOAD = 20_000;
    /** Writes each writer makes in each phase: before, while there, and after the move back. */
    private static final int PHASE = 1500;

    private static byte[] number(int n) {
        return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static int number(StoreEntry e) {
        return Integer.parseInt(new String(e.value(), StandardCharsets.US_ASCII));
    }

    @Test
    void theStoreMovesThereAndBackUnderLoadLosingNothing() throws Exception {
        // the first connection of a fresh JVM (class loading, the first HMAC) on a loaded machine
        // took over the default 2 s handshake bound once: a safety bound here, not a measurement
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(256L << 20),
                RemoteSettings.DEFAULTS.withCallTimeoutMs(10_000).withConnectTimeoutMs(10_000))) {
            SwapKernel kernel = new SwapKernel();
            KeyValueStore store = kernel.handle(KeyValueStore.class);
            kernel.install(KeyValueStore.class, "slab", new SlabStore(256L << 20), 0);
            KeyValueStore stub = f.client.bind(KeyValueStore.class, "heap", f.peer);
            kernel.install(KeyValueStore.class, "heap@host-1", stub, -1);
            for (int i = 0; i < PRELOAD; i++) {
                store.set("pre-" + i, number(i), i, KeyValueStore.NEVER);
            }

            AtomicInteger[] acked = new AtomicInteger[WRITERS];
            AtomicInteger stale = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < WRITERS; t++) {
                AtomicInteger done = acked[t] = new AtomicInteger();
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int n = 1; !stop.get(); n++) {
                        String key = "w" + thread + "-" + (n % KEYS_PER_WRITER);
                        store.set(key, number(n), 0, KeyValueStore.NEVER);
                        done.set(n);
                        StoreEntry back = store.get(key);
                        if (back == null || number(back) != n || store.get("pre-" + (n * 7 % PRELOAD)) == null) {
                            stale.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            awaitEach(acked, PHASE);
            SwapReport there = kernel.swap("KeyValueStore", "heap@host-1");
            assertEquals(SwapOutcome.COMPLETED, there.outcome(), there.toLine());
            assertEquals("live", there.mode(), there.toLine());
            assertTrue(there.entries() >= PRELOAD, there.toLine());
            long hostCallsAtSwitch = f.server.calls();
            awaitEach(acked, PHASE);
            assertTrue(f.server.calls() >= hostCallsAtSwitch + 2L * WRITERS * PHASE, "the writers' calls ran on the host");
            assertTrue(f.stores.get(0).size() >= PRELOAD, "the host's instance holds the state");
            SwapReport back = kernel.swap("KeyValueStore", "slab");
            assertEquals(SwapOutcome.COMPLETED, back.outcome(), back.toLine());
            assertTrue(back.entries() >= PRELOAD, back.toLine());
            awaitEach(acked, PHASE);
            stop.set(true);
            for (Future<?> w : writers) {
                w.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();

            assertEquals(0, stale.get(), "reads that missed a write just acknowledged, during the moves");
            long sets = PRELOAD;
            for (AtomicInteger a : acked) {
                sets += a.get();
            }
            // the counters came with the state there and back (they went back to zero at each move)
            assertEquals(sets, store.stats().totalItems(), "total_items: every set once, wherever it ran");
            for (int t = 0; t < WRITERS; t++) {
                int last = acked[t].get();
                for (int n = Math.max(1, last - KEYS_PER_WRITER + 1); n <= last; n++) {
                    StoreEntry e = store.get("w" + t + "-" + (n % KEYS_PER_WRITER));
                    assertNotNull(e);
                    assertEquals(n, number(e), "acknowledged write lost");
                }
            }
            for (int i = 0; i < PRELOAD; i++) {
                assertEquals(i, store.get("pre-" + i).flags());
            }
            System.out.println("moved there: " + there.toLine());
            System.out.println("moved back:  " + back.toLine());
        }
    }

    /** Waits until every writer has acknowledged {@code more} writes beyond where it is now. */
    private static void awaitEach(AtomicInteger[] acked, int more) throws InterruptedException {
        int[] from = new int[acked.length];
        for (int t = 0; t < acked.length; t++) {
            from[t] = acked[t].get();
        }
        for (int t = 0; t < acked.length; t++) {
            while (acked[t].get() < from[t] + more) {
                Thread.sleep(1);
            }
        }
    }
}
