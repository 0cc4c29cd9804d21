package org.mlos.fault.durable;

import java.io.IOException;
import java.nio.file.Path;

import org.mlos.core.state.EntryImport;
import org.mlos.fault.api.RecordLog;

/**
 * Recovery: the last checkpoint, then every journal record from the index it names.
 *
 * @param checkpointEntries entries loaded from the checkpoint
 * @param replayed          journal records replayed after it
 * @param damaged           journal records skipped because the log found them damaged on disk (a
 *                          chronicle record failing its checksum): not replayed, so their keys
 *                          may hold an older value or none
 * @param millis            how long it took
 */
record Recovery(long checkpointEntries, long replayed, long damaged, long millis) {

    private static final int BATCH = 8192;

    static Recovery load(Path dir, RecordLog log, long upTo, EntryImport target) throws Exception {
        long t0 = System.nanoTime();
        if (log.firstIndex() > 0 && !java.nio.file.Files.exists(dir.resolve(Checkpoint.FILE))) {
            // the journal was cut after a checkpoint held what it let go: it is the checkpoint that is gone
            throw new IOException("its checkpoint ("
                    + dir.resolve(Checkpoint.FILE) + ") is missing, and the journal starts at record " + log.firstIndex()
                    + ", after a checkpoint that held the records before it (the checkpoint removed by hand, or the"
                    + " folder copied without it?); restore it, or remove the folder to start empty");
        }
        long[] cp = Checkpoint.read(dir, target);
        long from = cp[0];
        if (from < log.firstIndex()) {
            throw new IOException("its checkpoint needs journal records from "
                    + from + " but the journal starts at " + log.firstIndex()
                    + " (segments were removed by hand?); restore them, or remove the folder to start empty");
        }
        Exception[] failure = { null };
        long handed = 0;
        for (long i = from; i < upTo && failure[0] == null;) {
            long[] got = { 0 };
            i += log.read(i, (int) Math.min(BATCH, upTo - i), (index, data) -> {
                got[0]++;
                if (failure[0] == null) {
                    try {
                        Mutations.apply(data, target);
                    } catch (Exception e) {
                        failure[0] = e;
                    }
                }
            });
            handed += got[0];
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        // a log moves past a record it found damaged without handing it on: what it went past and
        // did not hand is what the store lacks, and was counted as replayed
        long went = Math.max(0, upTo - from);
        return new Recovery(cp[1], handed, went - handed, (System.nanoTime() - t0) / 1_000_000);
    }

    /** {@code journal_damaged} only when some were: the line's format stays as it was for a sound folder. */
    @Override
    public String toString() {
        return "checkpoint_entries=" + checkpointEntries + " journal_records=" + replayed
                + (damaged > 0 ? " journal_damaged=" + damaged : "") + " recovery_ms=" + millis;
    }
}
