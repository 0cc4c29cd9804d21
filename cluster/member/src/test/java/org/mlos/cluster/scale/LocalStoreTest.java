package org.mlos.cluster.scale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.heap.HeapStore;

/** The receiving end of a move: the newer write wins, whatever the order things arrive in. */
class LocalStoreTest {

    private final KeyValueStore store = new HeapStore(16 << 20);
    private final LocalStore local = LocalStore.over(store);
    private final Map<String, long[]> ledger = new ConcurrentHashMap<>();

    private static MovedItem item(String key, String value, long storedAt) {
        return new MovedItem(key, value.getBytes(StandardCharsets.US_ASCII), 7, 0, storedAt);
    }

    private String value(String key) {
        StoreEntry e = store.get(key);
        return e == null ? null : new String(e.value(), StandardCharsets.US_ASCII);
    }

    @Test
    void batchesTravelWhole() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        List<MovedItem> batch = List.of(new MovedItem("k1", binary, 42, 1234, 99), item("k\u00e92", "", 5));
        List<MovedItem> back = MovedItem.decode(MovedItem.encode(batch));
        assertEquals(2, back.size());
        assertArrayEquals(binary, back.get(0).value());
        byte[] big = new byte[300_000];
        new java.util.Random(1).nextBytes(big);
        List<String> chunks = MovedItem.encode(List.of(new MovedItem("big", big, 0, 0, 1)));
        assertTrue(chunks.size() > 1 && chunks.stream().allMatch(c -> c.length() <= MovedItem.CHUNK), "task arguments stay under 64 KB");
        assertArrayEquals(big, MovedItem.decode(chunks).get(0).value());
        assertEquals(42, back.get(0).flags());
        assertEquals(1234, back.get(0).expiresAt());
        assertEquals(99, back.get(0).storedAt());
        assertEquals("k\u00e92", back.get(1).key());
    }

    @Test
    void anAbsentKeyTakesTheMovedItemWithItsFlags() {
        assertEquals(1, local.takeNewer(List.of(item("a", "moved", 1)), ledger));
        assertEquals("moved", value("a"));
        assertEquals(7, store.get("a").flags());
    }

    @Test
    void aClientsNewerWriteStays() {
        long before = System.currentTimeMillis() - 10_000;
        store.set("a", "client".getBytes(StandardCharsets.US_ASCII), 0, 0);
        assertEquals(0, local.takeNewer(List.of(item("a", "old", before)), ledger));
        assertEquals("client", value("a"));
    }

    /**
     * A write the leaving node took after the first pass read the key (stamped earlier than the
     * moment the owner stored the first pass's copy) still replaces that copy in the next pass.
     */
    @Test
    void aLaterPassReplacesWhatAnEarlierPassStored() {
        long t = System.currentTimeMillis() - 5_000;
        local.takeNewer(List.of(item("a", "v1", t)), ledger);
        assertEquals(1, local.takeNewer(List.of(item("a", "v2", t + 1)), ledger));
        assertEquals("v2", value("a"));
        assertEquals(0, local.takeNewer(List.of(item("a", "v0", t - 1)), ledger), "an older copy never wins");
        assertEquals("v2", value("a"));
    }

    @Test
    void whatMovedAwayIsDroppedAndTheRestKept() {
        for (String k : new String[] { "a", "b", "c" }) {
            store.set(k, k.getBytes(StandardCharsets.US_ASCII), 0, 0);
        }
        assertEquals(2, local.dropOwnedElsewhere(k -> !k.equals("b"), System.currentTimeMillis() + 1));
        assertEquals(null, value("a"));
        assertEquals("b", value("b"));
        assertEquals(null, value("c"));
        store.set("d", "d".getBytes(StandardCharsets.US_ASCII), 0, 0);
        assertEquals(0, local.dropOwnedElsewhere(k -> k.equals("d"), store.get("d").storedAt()), "stored at or after the pass: kept");
        assertEquals("d", value("d"));
    }

    /**
     * Clients write every key while a move brings older copies of the same keys: in the end every
     * key holds the client's last write (none overwritten by a moved item, none lost), and keys
     * no client wrote hold the moved item.
     */
    @Test
    void clientWritesRacingAMoveAreNeverOverwritten() throws Exception {
        long old = System.currentTimeMillis() - 60_000;
        int keys = 2_000;
        List<MovedItem> moved = new ArrayList<>();
        for (int i = 0; i < keys * 2; i++) {
            moved.add(item("k" + i, "moved-" + i, old + i % 7));
        }
        Map<String, String> lastWrite = new HashMap<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] clients = new Thread[4];
        Map<String, String>[] perClient = new HashMap[clients.length];
        for (int c = 0; c < clients.length; c++) {
            int id = c;
            perClient[c] = new HashMap<>();
            clients[c] = new Thread(() -> {
                try {
                    for (int round = 0; round < 3; round++) {
                        for (int i = id; i < keys; i += clients.length) { // each client its own keys: a last write per key
                            String v = "client-" + id + "-" + round;
                            store.set("k" + i, v.getBytes(StandardCharsets.US_ASCII), 0, 0);
                            perClient[id].put("k" + i, v);
                        }
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }
        for (Thread t : clients) {
            t.start();
        }
        for (int from = 0; from < moved.size(); from += 100) {
            local.takeNewer(moved.subList(from, from + 100), ledger);
        }
        for (Thread t : clients) {
            t.join();
        }
        assertEquals(null, failure.get());
        for (Map<String, String> m : perClient) {
            lastWrite.putAll(m);
        }
        for (int i = 0; i < keys * 2; i++) {
            String k = "k" + i;
            assertEquals(i < keys ? lastWrite.get(k) : "moved-" + i, value(k), k);
        }
    }
}
