package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateFormats;
import org.mlos.fault.api.Durability;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.slab.SlabStore;

class DurableStoreTest {

    /** A store opened on a folder another still holds stands for a restart after a kill -9 (the journal is locked). */
    private final KilledNodes nodes = new KilledNodes();

    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    private JournalSettings settings(Durability d) {
        return new JournalSettings(dir, true, d, 5, 1 << 20);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** What a store holds: key to value, flags, expiry and CAS (storedAt is the store's own clock). */
    static Map<String, String> contents(KeyValueStore store) throws Exception {
        Map<String, String> out = new TreeMap<>();
        EntryExport ex = (EntryExport) ((org.mlos.core.state.Transferable) store).exportState(StateFormats.ENTRIES);
        ex.forEach(e -> {
            if (e instanceof StoreEntry s) {
                out.put(s.key(), new String(s.value(), StandardCharsets.ISO_8859_1) + "|" + s.flags() + "|" + s.expiresAt()
                        + "|" + s.cas());
            }
        });
        ex.abort();
        return out;
    }

    /** A process that died: nothing closed, a new store behind a new durable store on the same folder. */
    private DurableStore restart(Durability d) {
        DurableStore again = nodes.durable(new HeapStore(64 * MB), settings(d));
        again.recover();
        return again;
    }

    /** What a restart would find in the folder, on a copy of it, while the store on it goes on. */
    private DurableStore restartOnACopy(Durability d) throws java.io.IOException {
        Path copy = Files.createDirectories(dir.resolve("copy-" + System.nanoTime()));
        Path from = dir.resolve("store");
        try (java.util.stream.Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.copy(p, copy.resolve("store").resolve(from.relativize(p).toString()));
            }
        }
        DurableStore again = new DurableStore(new HeapStore(64 * MB), new JournalSettings(copy, true, d, 5, 1 << 20));
        again.recover();
        return again;
    }

    @Test
    void everyKindOfMutationIsBackAfterADeathWithoutClose() throws Exception {
        DurableStore s = nodes.durable(new HeapStore(64 * MB), settings(Durability.SYNC));
        s.recover();
        s.set("a", b("1"), 7, 0);
        s.add("b", b("bee"), 0, 0);
        assertEquals(0, s.add("b", b("no"), 0, 0));
        s.replace("b", b("bee2"), 3, 0);
        s.append("b", b("-tail"));
        s.prepend("b", b("head-"));
        s.set("n", b("41"), 0, 0);
        s.increment("n", 10);
        s.decrement("n", 9);
        s.set("gone", b("x"), 0, 0);
        s.delete("gone");
        long future = System.currentTimeMillis() + 3_600_000;
        s.set("t", b("t"), 0, 0);
        s.touch("t", future);
        long cas = s.get("a").cas();
        assertEquals(CasResult.Status.STORED, s.compareAndSet("a", b("2"), 9, 0, cas).status());
        Map<String, String> before = contents(s);

        DurableStore again = restart(Durability.SYNC);
        assertEquals(before, contents(again));
        assertEquals("head-bee2-tail", new String(again.get("b").value(), StandardCharsets.ISO_8859_1));
        assertEquals("42", new String(again.get("n").value(), StandardCharsets.ISO_8859_1));
        assertNull(again.get("gone"));
        assertTrue(again.set("new", b("v"), 0, 0) > again.get("a").cas(), "CAS uniques go on past the recovered ones");
    }

    @Test
    void aFlushIsReplayedAsOfItsTime() throws Exception {
        DurableStore s = nodes.durable(new HeapStore(64 * MB), settings(Durability.NONE));
        s.recover();
        s.set("old", b("1"), 0, 0);
        s.flushAll(0);
        s.set("new", b("2"), 0, 0);
        DurableStore again = restart(Durability.NONE);
        assertNull(again.get("old"));
        assertNotNull(again.get("new"));
    }

    @Test
    void recoveryIsTheCheckpointPlusTheJournalAfterIt() throws Exception {
        DurableStore s = nodes.durable(new HeapStore(64 * MB), settings(Durability.BATCH));
        s.recover();
        for (int i = 0; i < 5000; i++) {
            s.set("k" + i, b("v" + i), i, 0);
        }
        assertEquals(5000, s.checkpoint());
        for (int i = 0; i < 100; i++) {
            s.delete("k" + i);
            s.set("k" + (i + 5000), b("w"), 0, 0);
        }
        assertTrue(s.journalRecords() < 5000, "the checkpoint let old segments go: " + s.journalRecords());
        Map<String, String> before = contents(s);
        DurableStore again = nodes.durable(new HeapStore(64 * MB), settings(Durability.BATCH));
        Recovery r = again.recover();
        assertEquals(5000, r.checkpointEntries());
        assertEquals(before, contents(again));
    }

    @Test
    void concurrentWritersAndCheckpointsLoseNothing() throws Exception {
        DurableStore s = nodes.durable(new SlabStore(64 * MB), settings(Durability.SYNC));
        s.recover();
        int threads = 8;
        int ops = 3000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> ts = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int i = 0; i < ops; i++) {
                        String k = "key" + r.nextInt(200); // shared keys: writers race on them
                        switch (r.nextInt(6)) {
                            case 0, 1 -> s.set(k, b("v" + i), i, 0);
                            case 2 -> s.append(k, b("+"));
                            case 3 -> {
                                if (s.increment(k, 1) == null) {
                                    s.add(k, b("0"), 0, 0);
                                }
                            }
                            case 4 -> s.delete(k);
                            default -> s.touch(k, 0);
                        }
                    }
                } catch (IllegalArgumentException notANumber) {
                    // increment on a value that is not a number: the store refuses it, nothing changes
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            th.start();
            ts.add(th);
        }
        Thread checkpointer = new Thread(() -> {
            try {
                start.await();
                while (!done.get()) {
                    s.checkpoint();
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        checkpointer.start();
        start.countDown();
        for (Thread th : ts) {
            th.join();
        }
        done.set(true);
        checkpointer.join();
        assertEquals(List.of(), failures);
        Map<String, String> before = contents(s);
        assertTrue(before.size() > 50, "writers left items: " + before.size());
        DurableStore again = nodes.durable(new SlabStore(64 * MB), settings(Durability.SYNC));
        again.recover();
        assertEquals(before, contents(again));
    }

    @Test
    void swappedInLiveItTakesTheStateAndSwappedAwayItLetsItGo() throws Exception {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore handle = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "heap", new HeapStore(64 * MB), 0);
        for (int i = 0; i < 1000; i++) {
            handle.set("k" + i, b("v" + i), 0, 0);
        }
        DurableStore durable = nodes.durable(new HeapStore(64 * MB), settings(Durability.SYNC));
        durable.recover();
        kernel.install(KeyValueStore.class, "durable", durable, 0);
        SwapReport in = kernel.swap("KeyValueStore", "durable");
        assertEquals(SwapOutcome.COMPLETED, in.outcome(), in.toLine());
        handle.set("after", b("x"), 0, 0);
        Map<String, String> state = contents(durable);
        assertEquals(1001, state.size());
        // a copy of the folder: the store goes on serving, and its journal takes no second log
        assertEquals(state, contents(restartOnACopy(Durability.SYNC)), "imported entries and later writes are in the folder");

        // a swap away was silent: the operator learnt at the next start that the node came back empty
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(DurableStore.class.getName());
        java.util.List<String> warned = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel() == java.util.logging.Level.WARNING) {
                    warned.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        SwapReport out;
        try {
            out = kernel.swap("KeyValueStore", "heap");
        } finally {
            jul.removeHandler(capture);
        }
        assertEquals(SwapOutcome.COMPLETED, out.outcome(), out.toLine());
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).startsWith(DurableState.SWAPPED_AWAY), warned.get(0));
        // and the report says it, so a cluster swap's node lines do (the log is each node's own)
        assertTrue(out.reason() != null && out.reason().startsWith(DurableState.SWAPPED_AWAY), out.toLine());
        // the words `mlos swap --cluster` looks for in the nodes' lines (NodeRequestCommand.Swap.NO_LONGER_DURABLE)
        assertTrue(out.reason().contains("swapped away from durable: the node is no longer durable"), out.toLine());
        assertTrue(in.reason() == null || !in.reason().contains(DurableState.SWAPPED_AWAY), in.toLine());
        assertArrayEquals(b("x"), handle.get("after").value());
        assertEquals(Map.of(), contents(restart(Durability.SYNC)),
                "swapped away, the folder no longer holds the node's state");
    }

    @Test
    void aLiveSwapIntoItUnderConcurrentWritersJournalsEveryAcknowledgedWrite() throws Exception {
        SwapKernel kernel = new SwapKernel();
        KeyValueStore handle = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "heap", new HeapStore(64 * MB), 0);
        for (int i = 0; i < 20_000; i++) {
            handle.set("pre" + i, b("v" + i), 0, 0);
        }
        DurableStore durable = nodes.durable(new SlabStore(64 * MB), settings(Durability.BATCH));
        durable.recover();
        kernel.install(KeyValueStore.class, "durable", durable, 0);
        int threads = 6;
        int ops = 4000;
        CountDownLatch start = new CountDownLatch(1);
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int i = 0; i < ops; i++) {
                        String k = r.nextBoolean() ? "pre" + r.nextInt(20_000) : "t" + id + "-" + i;
                        if (r.nextInt(5) == 0) {
                            handle.delete(k);
                        } else {
                            handle.set(k, b("w" + i), id, 0);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            th.start();
            ts.add(th);
        }
        start.countDown();
        SwapReport in = kernel.swap("KeyValueStore", "durable");
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(SwapOutcome.COMPLETED, in.outcome(), in.toLine());
        assertEquals("live", in.mode(), in.toLine());
        Map<String, String> state = contents(durable);
        DurableStore again = nodes.durable(new HeapStore(64 * MB), settings(Durability.BATCH));
        again.recover();
        assertEquals(state, contents(again), "what the store held when the writers stopped is what the folder gives back");
    }

    @Test
    void aStoreTheKernelMakesServeDirectlyRecoversAtItsFirstCall() throws Exception {
        DurableStore s = nodes.durable(new HeapStore(64 * MB), settings(Durability.SYNC));
        s.set("kept", b("yes"), 0, 0);
        SwapKernel kernel = new SwapKernel();
        KeyValueStore handle = kernel.handle(KeyValueStore.class);
        kernel.install(KeyValueStore.class, "durable", nodes.durable(new HeapStore(64 * MB), settings(Durability.SYNC)), 0);
        assertArrayEquals(b("yes"), handle.get("kept").value(), "recovered before the first call was answered");
        assertEquals(1, handle.size());
    }

    @Test
    void aStoreThatCannotMoveItsStateIsRefusedWithAReason() {
        KeyValueStore plain = (KeyValueStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { KeyValueStore.class }, (p, m, a) -> null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DurableStore(plain, settings(Durability.NONE)));
        assertTrue(e.getMessage().contains(StateFormats.ENTRIES), e.getMessage());
    }

    @Test
    void badSettingsSayWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durability.parse("always"));
        assertTrue(e.getMessage().contains("none, batch or sync"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Durability.parseBatchMillis("0"));
        assertTrue(e.getMessage().contains(Durability.BATCH_MS_PROPERTY), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DurableStoreRegistrar.checkpointSeconds("-1"));
        assertTrue(e.getMessage().contains(DurableStoreRegistrar.CHECKPOINT_S_PROPERTY), e.getMessage());
    }

    /**
     * Journal before serve: a write whose journal append fails (here a record larger than the
     * journal's 64 KB segment: the append throws, as a full disk makes it) fails the call and is
     * not served; after a restart the key has what the journal last held.
     */
    @Test
    void aWriteTheJournalRefusesFailsTheCallAndIsNotServed() throws Exception {
        JournalSettings small = new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 16);
        DurableStore s = nodes.durable(new HeapStore(64 * MB), small);
        s.recover();
        s.set("k", b("v1"), 0, 0);
        byte[] tooLarge = new byte[100_000];
        JournalWriteFailed e = assertThrows(JournalWriteFailed.class, () -> s.set("k", tooLarge, 0, 0));
        assertTrue(e.getMessage().contains("not served"), e.getMessage());
        assertNull(s.get("k"), "the write the journal refused is not served");
        assertThrows(JournalWriteFailed.class, () -> s.add("fresh", tooLarge, 0, 0));
        assertNull(s.get("fresh"));
        s.set("a", b("x"), 0, 0);
        assertThrows(JournalWriteFailed.class, () -> s.append("a", tooLarge));
        assertNull(s.get("a"), "an append the journal refused is not served either");
        s.set("ok", b("fine"), 0, 0);
        assertArrayEquals(b("fine"), s.get("ok").value(), "the store goes on serving what it journals");

        DurableStore again = nodes.durable(new HeapStore(64 * MB), small);
        again.recover();
        assertArrayEquals(b("v1"), again.get("k").value(), "after a restart: what the journal last held");
        assertNull(again.get("fresh"));
        assertArrayEquals(b("x"), again.get("a").value());
        assertArrayEquals(b("fine"), again.get("ok").value());
        again.close();
        s.close();
    }
}
