package org.mlos.fault.durable;

import java.io.IOException;
import java.nio.file.Path;

import org.mlos.core.state.EntryImport;
import org.mlos.fault.api.RecordLog;

/**
 * Recovery: the last checkpoint, then every journal record from the index it names.
 *
 * @param checkpointEntries entries loaded from the checkpoint
 * @param from              the journal position the checkpoint was taken at
 * @param replayed          journal records replayed after it
 * @param damaged           journal records skipped because the log found them damaged on disk (a
 *                          chronicle record failing its checksum; a segments journal's damaged
 *                          record and those after it, dropped as it opened): not replayed, so
 *                          their keys may hold an older value or none
 * @param behind            how far the journal ended before the checkpoint's position (0: it did
 *                          not): its newest records were lost, and it now goes on from that position
 * @param millis            how long it took
 */
public record Recovery(long checkpointEntries, long from, long replayed, long damaged, long behind, long millis) {

    /** Before a recovery: nothing loaded, nothing lost. */
    static final Recovery NONE = new Recovery(0, 0, 0, 0, 0, 0);

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
        long behind = Math.max(0, from - upTo);
        if (behind > 0) {
            // Replaying nothing and appending from the journal's end, it used the indexes again that
            // the checkpoint had gone past, and the next recovery, reading from the checkpoint's
            // position, skipped what was written since: a loss that said nothing, twice. Every
            // record kept is before the checkpoint, which holds what they did.
            log.reset(from);
            upTo = from;
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
        return new Recovery(cp[1], from, handed, went - handed + log.droppedAtOpen(), behind,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** {@code journal_damaged} and {@code journal_behind_checkpoint} only when not 0: a sound folder's line is as it was. */
    @Override
    public String toString() {
        return "checkpoint_entries=" + checkpointEntries + " journal_records=" + replayed
                + (damaged > 0 ? " journal_damaged=" + damaged : "")
                + (behind > 0 ? " journal_behind_checkpoint=" + behind : "") + " recovery_ms=" + millis;
    }
}
