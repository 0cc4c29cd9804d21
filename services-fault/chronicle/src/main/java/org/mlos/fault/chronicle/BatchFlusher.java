package org.mlos.fault.chronicle;

import java.io.Closeable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** {@code batch} durability: forces the journal every bound, on a daemon thread of its own. */
final class BatchFlusher implements Closeable {

    private final ScheduledExecutorService flusher;

    BatchFlusher(ChronicleLog log, long batchMillis) {
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mlos-chronicle-flush");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(() -> {
            try {
                log.sync();
            } catch (RuntimeException e) {
                // closed meanwhile, or the disk failed: the next round or the close reports it
                System.getLogger(BatchFlusher.class.getName()).log(System.Logger.Level.WARNING,
                        "chronicle journal flush in " + log.dir() + " failed: " + e);
            }
        }, batchMillis, batchMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
