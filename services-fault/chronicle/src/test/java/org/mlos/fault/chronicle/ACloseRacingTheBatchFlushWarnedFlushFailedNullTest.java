package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.LoggedLines;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.DurableWrites;
import org.mlos.fault.api.RecordLog;

/**
 * {@code ChronicleJournalTest}'s {@code batch} case logged "journal flush in … failed: … to
 * storage: null": its close met the {@code batch} flusher inside a force and interrupted it
 * ({@code shutdownNow}), and a force interrupted closes the file's channel and throws
 * {@code ClosedByInterruptException}, whose message is null. Nor did the close force what the
 * flusher had not: a chronicle log forces nothing when it closes, so a clean close could leave
 * the last window of records off storage. The close here comes while a flush is under way (held
 * until the closing thread waits), so the race is met every run, not by chance.
 */
@Timeout(60)
class ACloseRacingTheBatchFlushWarnedFlushFailedNullTest {

    @TempDir
    Path dir;

    @Test
    void aCloseMeetingAFlushWaitsForItForcesTheRestAndNoFlushRunsAfterIt() throws Exception {
        HeldFlushLog log = new HeldFlushLog(new ChronicleLog(dir.resolve("journal").resolve("chronicle"), 1 << 20));
        try (LoggedLines said = LoggedLines.of(DurableWrites.class.getName())) {
            DurableWrites writes = new DurableWrites(log, Durability.BATCH, 1);
            for (int i = 0; i < 100; i++) {
                writes.appended(log.append(new byte[] { (byte) i }));
            }
            log.flushEntered.await();
            for (int i = 0; i < 10; i++) {
                writes.appended(log.append(new byte[] { (byte) i })); // after the flush began: only the close can force them
            }
            Thread closer = new Thread(() -> {
                writes.close();
                log.close();
            }, "closer");
            closer.start();
            while (closer.getState() == Thread.State.NEW || closer.getState() == Thread.State.RUNNABLE) {
                Thread.onSpinWait(); // until the close waits: for the flush, or for the flusher it interrupted
            }
            log.releaseFlush.countDown();
            closer.join();

            assertEquals(List.of(), said.at(Level.WARNING), "a close meeting a flush is no failure to warn of");
            assertEquals(0, log.interruptedFlushes.get(), "the flush under way was not interrupted");
            assertEquals(0, log.syncsAfterClose.get(), "no flush after the close");
            assertEquals(110, log.appended.get());
            assertEquals(110, log.forcedUpTo.get(), "a close forces every record appended: nothing of the last window left behind");
        } finally {
            log.close();
        }
    }

    /**
     * The chronicle log, its first flush from the flusher held until the test lets it go, then
     * forced for real (an interrupt the flusher got meanwhile fails the force as it would have).
     */
    private static final class HeldFlushLog implements RecordLog {
        final ChronicleLog delegate;
        final CountDownLatch flushEntered = new CountDownLatch(1);
        final CountDownLatch releaseFlush = new CountDownLatch(1);
        final AtomicInteger interruptedFlushes = new AtomicInteger();
        final AtomicInteger syncsAfterClose = new AtomicInteger();
        final AtomicLong appended = new AtomicLong();
        final AtomicLong forcedUpTo = new AtomicLong();
        volatile boolean closed;

        HeldFlushLog(ChronicleLog delegate) {
            this.delegate = delegate;
        }

        @Override
        public long append(byte[] record) {
            long index = delegate.append(record);
            appended.incrementAndGet();
            return index;
        }

        @Override
        public void sync() {
            if (closed) {
                syncsAfterClose.incrementAndGet();
                return;
            }
            long upTo = appended.get();
            if (Thread.currentThread().getName().startsWith("mlos-journal-flush") && flushEntered.getCount() > 0) {
                flushEntered.countDown();
                boolean interrupted = false;
                while (true) {
                    try {
                        releaseFlush.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    interruptedFlushes.incrementAndGet();
                    Thread.currentThread().interrupt();
                }
            }
            delegate.sync();
            forcedUpTo.accumulateAndGet(upTo, Math::max);
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
            if (!closed) {
                closed = true;
                delegate.close();
            }
        }
    }
}
