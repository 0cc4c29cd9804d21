package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.RecordLog;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.log.SegmentLog;
import org.mlos.mem.store.heap.HeapStore;

/**
 * A checkpoint taken while the journal refuses a write (a full disk) kept that write: the store
 * applies a write, then journals it, and undoes it if the journal refuses, all under the key's
 * lock, while the checkpoint's export read the item without it. After a restart the node served
 * the value whose set had been answered with an error, and no journal record said otherwise.
 */
@Timeout(60)
class CheckpointDuringARefusedWriteKeepsNoPhantomTest {

    @TempDir
    Path dir;

    @Test
    void theCheckpointHoldsWhatTheStoreServesOnceTheRefusedWriteIsUndone() throws Exception {
        JournalSettings settings = new JournalSettings(dir, true, Durability.SYNC, 5, 1 << 20);
        StallingLog[] journal = new StallingLog[1];
        DurableStore s = new DurableStore(new HeapStore(64L << 20), settings, DurableStore.SEGMENTS,
                (d, bytes) -> journal[0] = new StallingLog(new SegmentLog(d, bytes)));
        s.recover();
        s.set("kept", b("v1"), 0, 0);
        s.set("k", b("before"), 0, 0);

        // threads of their own: the common pool may have one, which the held append would keep
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            phantomCheck(s, journal[0], threads);
        } finally {
            threads.shutdownNow();
        }
        DurableStore again = new DurableStore(new HeapStore(64L << 20), settings);
        again.recover();
        assertNull(again.get("k"), "after a restart the checkpoint must not serve the write whose caller was told it failed");
        assertArrayEquals(b("v1"), again.get("kept").value());
        again.close();
    }

    /** The set held in its append while a checkpoint runs, then refused; the store left as a crash leaves it. */
    private static void phantomCheck(DurableStore s, StallingLog journal, ExecutorService threads) throws Exception {
        journal.armed = true;
        CompletableFuture<Long> refused = CompletableFuture.supplyAsync(() -> s.set("k", b("refused"), 0, 0), threads);
        assertTrue(journal.entered.await(30, TimeUnit.SECONDS), "the set reached the journal");
        // the set is applied and its append under way: the checkpoint's export sees "refused"
        AtomicReference<Thread> checkpointer = new AtomicReference<>();
        CompletableFuture<Long> checkpoint = CompletableFuture.supplyAsync(() -> {
            checkpointer.set(Thread.currentThread());
            try {
                return s.checkpoint();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        // Either the checkpoint finishes while the append is held (the defect: it wrote the
        // applied, unjournaled value), or it waits for the key's lock; bounded by a count of polls.
        for (int i = 0; i < 10_000 && !checkpoint.isDone(); i++) {
            Thread t = checkpointer.get();
            if (t != null && t.getState() == Thread.State.BLOCKED) {
                break;
            }
            Thread.sleep(1);
        }
        journal.release.countDown();
        ExecutionException e = assertThrows(ExecutionException.class, refused::get);
        assertTrue(e.getCause() instanceof JournalWriteFailed, String.valueOf(e.getCause()));
        checkpoint.get(30, TimeUnit.SECONDS);
        assertNull(s.get("k"), "the refused write is not served");
        // A crash now, not a close: a close would take a last checkpoint over this one.
        journal.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A journal whose next append, once armed, waits for a go-ahead and then fails as a full disk makes it. */
    static final class StallingLog implements RecordLog {
        final RecordLog delegate;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean armed;
        /** When set, every append throws it at once (a full disk under the mapped file: an InternalError). */
        volatile Error fault;

        StallingLog(RecordLog delegate) {
            this.delegate = delegate;
        }

        @Override
        public long append(byte[] record) {
            if (fault != null) {
                throw fault;
            }
            if (armed) {
                armed = false;
                entered.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new UncheckedIOException(new IOException("No space left on device"));
            }
            return delegate.append(record);
        }

        @Override
        public int read(long from, int max, RecordSink sink) {
            return delegate.read(from, max, sink);
        }

        @Override
        public Path dir() {
            return delegate.dir();
        }

        @Override
        public long firstIndex() {
            return delegate.firstIndex();
        }

        @Override
        public long nextIndex() {
            return delegate.nextIndex();
        }

        @Override
        public void sync() {
            delegate.sync();
        }

        @Override
        public void roll() {
            delegate.roll();
        }

        @Override
        public long retainFrom(long index) {
            return delegate.retainFrom(index);
        }

        @Override
        public void truncate(long index) {
            delegate.truncate(index);
        }

        @Override
        public void reset(long firstIndex) {
            delegate.reset(firstIndex);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
