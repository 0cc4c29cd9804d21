package org.mlos.fault.journal;

import java.io.Closeable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.mlos.fault.api.Durability;
import org.mlos.fault.api.RecordLog;

/**
 * Applies a {@link Durability} to a log: nothing more for {@code none}, a force every bound for
 * {@code batch} (on a daemon thread of its own), a force before returning for {@code sync}.
 */
public final class DurableWrites implements Closeable {

    private final RecordLog log;
    private final Durability durability;
    private final ScheduledExecutorService flusher;

    public DurableWrites(RecordLog log, Durability durability, long batchMillis) {
        this.log = log;
        this.durability = durability;
        if (durability == Durability.BATCH) {
            flusher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mlos-journal-flush " + log.dir().getFileName());
                t.setDaemon(true);
                return t;
            });
            flusher.scheduleWithFixedDelay(this::flushQuietly, batchMillis, batchMillis, TimeUnit.MILLISECONDS);
        } else {
            flusher = null;
        }
    }

    public Durability durability() {
        return durability;
    }

    /** Called after a record was appended, before the caller is answered. */
    public void appended(long index) {
        if (durability == Durability.SYNC) {
            log.syncTo(index);
        }
    }

    private void flushQuietly() {
        try {
            log.sync();
        } catch (RuntimeException e) {
            // closed meanwhile, or the disk failed: the next round or the close reports it
            System.getLogger(DurableWrites.class.getName()).log(System.Logger.Level.WARNING,
                    "journal flush in " + log.dir() + " failed: " + e);
        }
    }

    @Override
    public void close() {
        if (flusher != null) {
            flusher.shutdownNow();
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
