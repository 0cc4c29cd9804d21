package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.mem.api.KeyValueStore;

/**
 * Binary incr with an initial value on a missing key is a miss, then an add of the initial value
 * (memcached's order): clients racing on a new key may both miss, and then one add wins and the
 * others answer NOT_STORED, as memcached's do. What must never happen is a second creation that
 * writes the initial value over increments already made, or an increment lost or given twice:
 * every OK reply's value is distinct, the key is created once, and its final number is the count
 * of increments answered OK. Clients on connections of their own, start aligned on each key so
 * that they do race on its creation; bounded by counts, not time.
 */
@Timeout(120)
class RacingBinaryIncrementsLoseNothingTest {

    private static final int CLIENTS = 6;
    private static final int KEYS = 40;
    private static final int PER_KEY = 50;
    private static final int NOT_STORED = 0x05;

    /** What one reply said: its key, OK or not, the number it carried. */
    private record Reply(int key, int status, long value) {
    }

    @ParameterizedTest
    @ValueSource(strings = { "heap", "slab", "log" })
    void raceOnCreationAnswersNotStoredAndNoIncrementIsLostOrRepeated(String impl) throws Exception {
        try (CacheServer server = new CacheServer()) {
            if (!impl.equals("heap")) {
                assertEquals(SwapOutcome.COMPLETED, server.kernel.swap(KeyValueStore.class.getName(), impl).outcome());
            }
            ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
            CyclicBarrier eachKey = new CyclicBarrier(CLIENTS);
            List<Thread> clients = new ArrayList<>();
            List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < CLIENTS; t++) {
                clients.add(Thread.ofPlatform().start(() -> {
                    try (BinaryClient c = new BinaryClient(server.port())) {
                        for (int k = 0; k < KEYS; k++) {
                            eachKey.await(); // all clients at a new key at once: its creation is raced
                            for (int i = 0; i < PER_KEY; i++) {
                                BinaryClient.Response r = c.call(BinaryClient.INCREMENT, 0,
                                        BinaryClient.counterExtras(1, 0, 0), "n" + k, "");
                                long value = r.status() == 0 ? ByteBuffer.wrap(r.value()).getLong() : -1;
                                replies.add(new Reply(k, r.status(), value));
                            }
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                        eachKey.reset();
                    }
                }));
            }
            for (Thread t : clients) {
                t.join();
            }
            assertTrue(failures.isEmpty(), () -> "a client failed: " + failures);
            assertEquals(CLIENTS * KEYS * PER_KEY, replies.size(), "every request answered");

            try (BinaryClient c = new BinaryClient(server.port())) {
                for (int k = 0; k < KEYS; k++) {
                    int key = k;
                    List<Reply> mine = replies.stream().filter(r -> r.key() == key).toList();
                    for (Reply r : mine) {
                        assertTrue(r.status() == 0 || r.status() == NOT_STORED,
                                "n" + k + ": status " + r.status() + " (OK or NOT_STORED only)");
                    }
                    long created = mine.stream().filter(r -> r.status() == 0 && r.value() == 0).count();
                    assertEquals(1, created, "n" + k + " created exactly once (a reply of the initial value 0)");
                    BitSet seen = new BitSet();
                    long increments = 0;
                    for (Reply r : mine) {
                        if (r.status() == 0 && r.value() > 0) {
                            assertTrue(!seen.get((int) r.value()), "n" + k + ": " + r.value() + " answered twice");
                            seen.set((int) r.value());
                            increments++;
                        }
                    }
                    BinaryClient.Response got = c.call(BinaryClient.GET, 0, new byte[0], "n" + k, "");
                    assertEquals(0, got.status(), "n" + k + " is there");
                    assertEquals(Long.toString(increments), got.valueText(),
                            "n" + k + " holds every increment answered OK, none lost");
                    assertEquals(increments, seen.cardinality());
                    assertEquals(increments, seen.nextClearBit(1) - 1, "n" + k + ": the increments are 1.." + increments);
                }
            }
        }
    }
}
