package org.mlos.bench.journal;

import java.nio.file.Path;

import org.mlos.bench.BenchLine;
import org.mlos.fault.api.Durability;
import org.mlos.fault.durable.DurableStore;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.log.SegmentLog;
import org.mlos.mem.store.slab.SlabStore;

/**
 * The durable store's recovery: {@code entries} sets (16-byte keys, 32-byte values) behind a
 * slab store, then a new store recovering the folder, once from the journal alone and once from
 * a checkpoint; printed per million entries.
 */
final class RecoveryTime {

    private static final long CAPACITY = 1L << 30;
    private final Path work;
    private final int entries;
    /** The journal of the store last opened: the next store "restarts" on its folder ({@link #open}). */
    private SegmentLog held;

    RecoveryTime(Path work, int entries) {
        this.work = work;
        this.entries = entries;
    }

    void run() throws Exception {
        Path dir = work.resolve("recovery");
        JournalSettings settings = new JournalSettings(dir, true, Durability.NONE, 10, SegmentLog.DEFAULT_SEGMENT_BYTES);
        DurableStore first = open(settings);
        first.recover();
        byte[] value = new byte[32];
        long t0 = System.nanoTime();
        for (int i = 0; i < entries; i++) {
            first.set(String.format("key-%012d", i), value, 0, 0);
        }
        long writeMs = (System.nanoTime() - t0) / 1_000_000;
        // no close: the process "died"; the journal is in the page cache
        DurableStore second = open(settings);
        long j0 = System.nanoTime();
        second.recover();
        double journalMs = (System.nanoTime() - j0) / 1e6;
        check(second);
        second.checkpoint();
        DurableStore third = open(settings);
        long c0 = System.nanoTime();
        third.recover();
        double checkpointMs = (System.nanoTime() - c0) / 1e6;
        check(third);
        double perMillion = 1_000_000.0 / entries;
        System.out.println("# " + entries + " sets journaled in " + writeMs + " ms (durability none)");
        BenchLine.of("journal").with("source", "journal").with("entries", entries)
                .with("recovery_ms_per_million", journalMs * perMillion).print();
        BenchLine.of("journal").with("source", "checkpoint").with("entries", entries)
                .with("recovery_ms_per_million", checkpointMs * perMillion).print();
        third.close();
    }

    /**
     * A store on the folder, the one before it left as a killed process leaves its journal (its
     * folder lock let go, nothing closed): the journal refuses a second log on a folder.
     */
    private DurableStore open(JournalSettings settings) {
        return new DurableStore(new SlabStore(CAPACITY), settings, DurableStore.SEGMENTS, (d, bytes) -> {
            if (held != null) {
                held.abandonAsIfKilled();
            }
            held = new SegmentLog(d, bytes);
            return held;
        });
    }

    private void check(DurableStore s) {
        if (s.size() != entries || s.get(String.format("key-%012d", entries - 1)) == null) {
            throw new IllegalStateException("recovery gave " + s.size() + " entries, expected " + entries);
        }
    }
}
