package org.mlos.fault.api;

import java.io.Closeable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Applies a {@link Durability} to a {@link RecordLog}: nothing more for {@code none}, a force
 * every bound for {@code batch} (on a daemon thread of its own), a force of the record before the
 * caller is answered for {@code sync}. Shared by the journals and the durable store, whatever
 * log they write.
 *
 * @since 1.2
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

    /** The last flush failure logged (flusher thread only). */
    private String lastFailure;

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
            lastFailure = null;
        } catch (RuntimeException e) {
            // closed meanwhile, or the disk failed: the next round or the close reports it; the
            // same failure once, not every round
            String failure = String.valueOf(e);
            if (!failure.equals(lastFailure)) {
                lastFailure = failure;
                System.getLogger(DurableWrites.class.getName()).log(System.Logger.Level.WARNING,
                        "journal flush in " + log.dir() + " failed: " + e);
            }
        }
    }

    /** Stops the {@code batch} flusher (the log itself stays open). */
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
