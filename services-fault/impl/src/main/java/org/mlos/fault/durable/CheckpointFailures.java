package org.mlos.fault.durable;

import java.nio.file.Path;

import org.mlos.fault.api.JournalRefusals;

/**
 * Tells failed checkpoints as writes refused by the journal are told: the first at once, then at
 * most one line a minute with how many failed since. On a full disk the warning came at every
 * checkpoint (every 5 s in an outsider's run), beside the write refusals' one line a minute, and
 * with the exception's class as its words.
 */
final class CheckpointFailures {

    private final System.Logger log;
    private final Path dir;
    private long failed;
    private long nextLine = Long.MIN_VALUE;

    CheckpointFailures(System.Logger log, Path dir) {
        this.log = log;
        this.dir = dir;
    }

    /** Counts a failed checkpoint, and logs it if it is the first, or the first for a minute; one thread calls it. */
    void failed(Throwable e, long nowNanos) {
        failed++;
        if (nextLine != Long.MIN_VALUE && nowNanos - nextLine < 0) {
            return;
        }
        log.log(System.Logger.Level.WARNING, "durable store checkpoint in " + dir + " failed"
                + (nextLine == Long.MIN_VALUE ? "" : " (" + failed + " times since the last warning)")
                + "; the journal keeps every write, and the next checkpoint tries again: " + reason(e));
        failed = 0;
        nextLine = nowNanos + JournalRefusals.GAP_NANOS;
    }

    /** A checkpoint that worked: after failures, says so, and the next failure is a first again. */
    void succeeded() {
        if (nextLine == Long.MIN_VALUE) {
            return;
        }
        log.log(System.Logger.Level.INFO, "durable store checkpoint in " + dir + " works again"
                + (failed == 0 ? "" : " (" + failed + " more failed since the last warning)"));
        failed = 0;
        nextLine = Long.MIN_VALUE;
    }

    private String reason(Throwable e) {
        String why = JournalRefusals.why(e, dir);
        return why != null ? why : String.valueOf(e.getMessage());
    }
}
