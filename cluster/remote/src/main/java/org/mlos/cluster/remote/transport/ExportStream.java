package org.mlos.cluster.remote.transport;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.mlos.core.remote.EntryCodec;
import org.mlos.core.remote.WireOut;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateEntry;

/**
 * One export of a hosted instance's state, read on a thread of its own into chunks of about
 * {@value HostedStates#CHUNK_BYTES} bytes that wait in a queue of {@value #AHEAD} for the caller:
 * the reader blocks when the caller lags, so a host buffers at most that many chunks of an export
 * whatever the state's size (the first slice read the whole state into memory first, on the event
 * loop, which held up every call behind it for the whole read).
 */
final class ExportStream {

    /** Chunks read ahead of the caller at most. */
    static final int AHEAD = 4;
    /** How long the caller's fetch waits for the reader to fill the next chunk. */
    static final long FETCH_WAIT_MS = 30_000;

    /** A chunk, the last one saying how many entries the export had. */
    record Chunk(byte[] bytes, boolean last, long entries) {
    }

    /** Thrown inside the reader's forEach when the export ends before it is read to the end. */
    private static final class Ended extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Ended() {
            super("export ended", null, false, false);
        }
    }

    private final EntryExport export;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread reader;
    private volatile boolean ended;
    private int next;
    private boolean finished;

    ExportStream(int instance, EntryExport export, EntryCodec codec) {
        this.export = export;
        this.reader = new Thread(() -> read(codec), "mlos-remote-export-" + instance);
        reader.setDaemon(true);
        reader.start();
    }

    EntryExport export() {
        return export;
    }

    private void read(EntryCodec codec) {
        WireOut out = new WireOut(HostedStates.CHUNK_BYTES + 4096);
        long[] count = new long[1];
        try {
            export.forEach((StateEntry entry) -> {
                codec.writeEntry(out, entry);
                count[0]++;
                if (out.size() >= HostedStates.CHUNK_BYTES) {
                    put(new Chunk(out.toByteArray(), false, count[0]));
                    out.reset();
                }
            });
            put(new Chunk(out.toByteArray(), true, count[0]));
        } catch (Ended e) {
            // the caller ended the export (aborted, or its swap failed): nothing more to read
        } catch (Throwable t) {
            try {
                put(t);
            } catch (Ended e) {
                // ended meanwhile
            }
        }
    }

    private void put(Object item) {
        try {
            while (!queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                if (ended) {
                    throw new Ended();
                }
            }
        } catch (InterruptedException e) {
            throw new Ended();
        }
        if (ended) {
            throw new Ended();
        }
    }

    /** The next chunk; {@code index} must be the one after the last fetched (a repeated fetch is refused). */
    synchronized Chunk next(int index) throws InterruptedException {
        if (finished) {
            throw new IllegalStateException("the export was read to its end already");
        }
        if (index != next) {
            throw new IllegalStateException("export chunk " + index + " asked, chunk " + next + " is next");
        }
        Object item = queue.poll(FETCH_WAIT_MS, TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new IllegalStateException("the export read no chunk within " + FETCH_WAIT_MS + " ms");
        }
        if (item instanceof Throwable t) {
            finished = true;
            throw new IllegalStateException("reading the export failed: " + t, t);
        }
        Chunk c = (Chunk) item;
        next++;
        finished = c.last();
        return c;
    }

    /** Ends the export: stops the reader, then commits (the entries moved) or aborts it. */
    void end(boolean commit) {
        ended = true;
        queue.clear();
        try {
            reader.join(FETCH_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (commit) {
            export.commit();
        } else {
            export.abort();
        }
    }
}
