package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.slab.SlabStore;
import org.mlos.net.memcached.server.StandardDialects;

/**
 * Binary incr with an initial value on a missing key is a miss, then an add of the initial value
 * (memcached's order). A client whose miss is followed by another client's creation and increment
 * answers NOT_STORED, as memcached's does, and leaves that client's number alone: a creation that
 * overwrote instead of adding would reset it. First that interleaving, forced; then clients racing
 * on new keys, where whatever interleavings come must lose no increment and give none twice.
 */
@Timeout(120)
class RacingBinaryIncrementsLoseNothingTest {

    private static final int NOT_STORED = 0x05;
    private static final int CLIENTS = 6;
    private static final int KEYS = 40;
    private static final int PER_KEY = 50;

    /** What one reply said: its key, its status, the number it carried (-1 for none). */
    private record Reply(int key, int status, long value) {
    }

    @ParameterizedTest
    @ValueSource(strings = { "heap", "slab", "log" })
    void aCreationThatLosesTheRaceAnswersNotStoredAndKeepsTheWinnersIncrement(String kind) throws Exception {
        try (CacheServer server = serving(kind, CreatedMeanwhile::around);
                BinaryClient c = new BinaryClient(server.port())) {
            BinaryClient.Response r = c.call(BinaryClient.INCREMENT, 0, BinaryClient.counterExtras(1, 0, 0), "n", "");
            assertEquals(NOT_STORED, r.status(), "another client created n between the miss and the add");
            assertEquals("1", c.call(BinaryClient.GET, 0, new byte[0], "n", "").valueText(),
                    "the other client's creation and increment stand");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "heap", "slab", "log" })
    void clientsRacingOnNewKeysCreateEachOnceAndLoseNoIncrement(String kind) throws Exception {
        try (CacheServer server = serving(kind, store -> store)) {
            ConcurrentLinkedQueue<Reply> replies = race(server.port());
            assertEquals(CLIENTS * KEYS * PER_KEY, replies.size(), "every request answered");
            try (BinaryClient c = new BinaryClient(server.port())) {
                for (int k = 0; k < KEYS; k++) {
                    int key = k;
                    String held = c.call(BinaryClient.GET, 0, new byte[0], "n" + k, "").valueText();
                    assertKey("n" + k, replies.stream().filter(r -> r.key() == key).toList(), held);
                }
            }
        }
    }

    /** Every client increments each key in turn, all starting a key together; what each reply said. */
    private static ConcurrentLinkedQueue<Reply> race(int port) throws Exception {
        ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
        CyclicBarrier eachKey = new CyclicBarrier(CLIENTS);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            clients.add(Thread.ofPlatform().daemon().start(() -> {
                try (BinaryClient c = new BinaryClient(port)) {
                    for (int k = 0; k < KEYS; k++) {
                        // a failed client never arrives: the others' wait times out and they stop too
                        eachKey.await(30, TimeUnit.SECONDS);
                        for (int i = 0; i < PER_KEY; i++) {
                            BinaryClient.Response r = c.call(BinaryClient.INCREMENT, 0,
                                    BinaryClient.counterExtras(1, 0, 0), "n" + k, "");
                            long value = r.status() == 0 ? ByteBuffer.wrap(r.value()).getLong() : -1;
                            replies.add(new Reply(k, r.status(), value));
                        }
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : clients) {
            t.join(TimeUnit.SECONDS.toMillis(100));
        }
        assertTrue(failures.isEmpty(), () -> "a client failed: " + failures);
        return replies;
    }

    /** One creation (the reply of the initial value, 0), the increments 1..n each once, n held. */
    private static void assertKey(String key, List<Reply> replies, String held) {
        long created = 0;
        BitSet seen = new BitSet();
        for (Reply r : replies) {
            assertTrue(r.status() == 0 || r.status() == NOT_STORED,
                    key + ": status " + r.status() + " (OK or NOT_STORED only)");
            if (r.status() == 0 && r.value() == 0) {
                created++;
            } else if (r.status() == 0) {
                assertFalse(seen.get((int) r.value()), key + ": " + r.value() + " answered twice");
                seen.set((int) r.value());
            }
        }
        int increments = seen.cardinality();
        assertEquals(1, created, key + " created exactly once");
        assertEquals(increments, seen.nextClearBit(1) - 1, key + ": the increments are 1.." + increments);
        assertEquals(Integer.toString(increments), held, key + " holds every increment answered OK, none lost");
    }

    /** A server whose store of {@code kind} serves, seen through {@code wrap}. */
    private static CacheServer serving(String kind, Function<KeyValueStore, KeyValueStore> wrap) throws Exception {
        long capacity = CacheServer.CAPACITY;
        return new CacheServer(Limits.DEFAULT_ITEM_MAX, new StandardDialects(),
                name -> name.equals("heap") ? wrap.apply(switch (kind) { // the implementation installed first serves
                    case "slab" -> new SlabStore(capacity);
                    case "log" -> new LogStore(capacity);
                    default -> new HeapStore(capacity);
                }) : new HeapStore(capacity));
    }

    /** A store where, after the first increment that misses, another client creates the key and increments it. */
    private static final class CreatedMeanwhile {

        static KeyValueStore around(KeyValueStore store) {
            boolean[] raced = { false };
            return (KeyValueStore) Proxy.newProxyInstance(CreatedMeanwhile.class.getClassLoader(),
                    new Class<?>[] { KeyValueStore.class }, (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(store, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("increment") && result == null && !raced[0]) {
                            raced[0] = true;
                            byte[] zero = "0".getBytes(StandardCharsets.US_ASCII);
                            store.add((String) args[0], zero, 0, KeyValueStore.NEVER);
                            store.increment((String) args[0], 1);
                        }
                        return result;
                    });
        }
    }
}
