package org.mlos.cluster.remote.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * Many threads pipelining calls on one connection: every call answered to the thread that made
 * it, nothing lost or run twice, and each thread's mutations applied in the order it made them.
 */
class ConcurrentCallersTest {

    private static final int THREADS = 16;
    private static final int CALLS = 1500;

    @Test
    void eachThreadsCallsArriveOnceAndInOrder() throws Exception {
        try (TransportFixture f = new TransportFixture(() -> new HeapStore(256L << 20), RemoteSettings.DEFAULTS.withCallTimeoutMs(30_000))) {
            KeyValueStore remote = f.client.bind(KeyValueStore.class, "heap", f.peer);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String key = "t" + t;
                results.add(pool.submit(() -> {
                    go.await();
                    remote.set(key, new byte[0], 0, 0);
                    int mismatches = 0;
                    for (int i = 0; i < CALLS; i++) {
                        remote.append(key, new byte[] {(byte) (i % 251)});
                        // a read answered with another thread's reply would show another key
                        if (i % 10 == 0 && !key.equals(remote.get(key).key())) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            go.countDown();
            for (Future<Integer> r : results) {
                assertEquals(0, r.get(120, TimeUnit.SECONDS));
            }
            pool.shutdown();
            byte[] expected = new byte[CALLS];
            for (int i = 0; i < CALLS; i++) {
                expected[i] = (byte) (i % 251);
            }
            for (int t = 0; t < THREADS; t++) {
                assertArrayEquals(expected, remote.get("t" + t).value(), "thread " + t + "'s appends, once each, in order");
            }
            assertEquals(THREADS * (CALLS + 1L + CALLS / 10) + THREADS, f.server.calls());
            assertEquals(1, f.opened.get());
            assertEquals("t0", new String(remote.get("t0").key().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
    }
}
