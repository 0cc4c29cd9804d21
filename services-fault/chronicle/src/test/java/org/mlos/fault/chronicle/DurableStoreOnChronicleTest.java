package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.durable.DurableStore;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.mem.store.heap.HeapStore;

/** A durable store journaling into Chronicle ({@code mlos.fault.store.journal=chronicle}). */
class DurableStoreOnChronicleTest {

    private static final long MB = 1 << 20;

    @TempDir
    Path dir;

    /** A store opened while an earlier one still holds the folder stands for a restart after a kill -9. */
    private final KilledChronicleNodes nodes = new KilledChronicleNodes();

    private DurableStore open() {
        DurableStore s = new DurableStore(new HeapStore(64 * MB), new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20),
                "chronicle", nodes);
        s.recover();
        return s;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void writesOfFourThreadsAreBackAfterADeathWithoutCloseAndAfterACheckpoint() throws Exception {
        DurableStore s = open();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                try {
                    for (int i = 0; i < 2_000; i++) {
                        s.set("t" + id + "-" + i, b("v" + i), id, 0);
                        if (i % 3 == 0) {
                            s.delete("t" + id + "-" + (i / 2));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            th.start();
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        assertEquals(List.of(), failures);
        assertTrue(Files.isDirectory(dir.resolve("store/journal-chronicle")), "the store's journal is Chronicle's");
        long size = s.size();

        DurableStore again = open(); // the first never closed: a death
        assertEquals(size, again.size());
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(b("v1999"), again.get("t" + t + "-1999").value());
            assertNull(again.get("t" + t + "-999"), "a delete is replayed too");
        }
        again.set("late", b("x"), 0, 0);
        again.checkpoint();
        again.set("after-checkpoint", b("y"), 0, 0);
        again.close();
        DurableStore third = open();
        assertEquals(size + 2, third.size());
        assertArrayEquals(b("y"), third.get("after-checkpoint").value());
        third.close();
        s.close();
    }

    @Test
    void aTruncateKeepsTheRecordsBeforeItAndTheirIndexes() {
        ChronicleLog log = new ChronicleLog(dir.resolve("q"), 1 << 20);
        for (int i = 0; i < 50; i++) {
            log.append(b("r" + i));
            if (i == 20) {
                log.roll();
            }
        }
        log.retainFrom(30);
        log.truncate(40);
        assertEquals(40, log.nextIndex());
        assertEquals(21, log.firstIndex());
        assertEquals(40, log.append(b("new")));
        List<String> seen = new ArrayList<>();
        log.read(38, 10, (i, d) -> seen.add(i + "=" + new String(d, StandardCharsets.ISO_8859_1)));
        assertEquals(List.of("38=r38", "39=r39", "40=new"), seen);
        log.close();
    }
}
