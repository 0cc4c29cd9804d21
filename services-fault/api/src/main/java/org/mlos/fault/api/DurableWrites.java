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
    private final long batchMillis;
    private final Object flushing = new Object();
    /** Under {@link #flushing}. */
    private boolean closed;
    /** The last flush failure logged (under {@link #flushing}). */
    private String lastFailure;

    public DurableWrites(RecordLog log, Durability durability, long batchMillis) {
        this.log = log;
        this.durability = durability;
        this.batchMillis = batchMillis;
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

    /**
     * A flush of the flusher's; none once {@link #close} began. Under {@link #flushing}, so that
     * the close waits for one under way rather than interrupt it: an interrupted force closes the
     * log's channel and fails ({@code ClosedByInterruptException}, logged as "journal flush …
     * failed: null" at every close that met a flush).
     */
    private void flushQuietly() {
        synchronized (flushing) {
            if (closed) {
                return;
            }
            try {
                log.sync();
                lastFailure = null;
            } catch (RuntimeException e) {
                // the disk failed: the next round or the close reports it; the same failure once,
                // not every round
                String failure = String.valueOf(e);
                if (!failure.equals(lastFailure)) {
                    lastFailure = failure;
                    System.getLogger(DurableWrites.class.getName()).log(System.Logger.Level.WARNING,
                            "journal flush in " + log.dir() + " failed: " + e);
                }
            }
        }
    }

    /**
     * Stops the {@code batch} flusher, after the flush under way if one is, and forces what was
     * appended since the last flush (a clean close loses nothing of the last window); the log
     * itself stays open. No flush of the flusher's runs after this.
     */
    @Override
    public void close() {
        if (flusher == null) {
            return;
        }
        flusher.shutdown(); // no interrupt: see flushQuietly
        synchronized (flushing) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                log.sync();
            } catch (RuntimeException e) {
                System.getLogger(DurableWrites.class.getName()).log(System.Logger.Level.WARNING, "journal flush in " + log.dir()
                        + " at its close failed: " + e + "; the records of the last " + batchMillis + " ms may not be on storage");
            }
        }
    }
}
