package org.mlos.fault.chronicle;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * One opening of a journal's queue and its appenders, one per appending thread (Chronicle's
 * appenders belong to the thread that made them). A reset replaces the whole opening, so an
 * appender never outlives its queue.
 */
final class ChronicleQueueOpen {

    private final SingleChronicleQueue queue;
    private final RollCycle cycle;
    private final ThreadLocal<Writer> writers = new ThreadLocal<>();
    /** Every appender made, closed with the queue (a thread may end before). */
    private final ConcurrentLinkedQueue<ExcerptAppender> made = new ConcurrentLinkedQueue<>();
    /**
     * The writer the last appending thread used: a thread appending again finds it here without a
     * thread-local look-up. Read and written without a lock on purpose: a writer's fields are
     * final, so a stale or torn view only sends a thread to the thread-local.
     */
    private Writer last;

    /** A thread's appender and the buffer a record is copied into. Used by that thread only. */
    static final class Writer {
        final Thread thread;
        final ExcerptAppender appender;
        private final Bytes<?> buffer = Bytes.allocateElasticOnHeap(256);

        Writer(Thread thread, ExcerptAppender appender) {
            this.thread = thread;
            this.appender = appender;
            // Both are this thread's alone by construction: Chronicle's check that a resource
            // stays on one thread would only repeat that, on every call.
            appender.singleThreadedCheckDisabled(true);
            buffer.singleThreadedCheckDisabled(true);
        }

        /**
         * Appends the record as one excerpt and returns Chronicle's index of it. Copied into a
         * reused buffer: wrapping the array made a BytesStore per append, and Chronicle counts each
         * one it creates (IOTools.counter), a third of an append's time in a profile.
         */
        long append(byte[] record) {
            buffer.clear();
            buffer.write(record);
            // as a BytesStore: the overload for Bytes opens a document context (a write lock, a
            // scan for the last sequence number and a close), Chronicle's slower path
            appender.writeBytes((BytesStore<?, ?>) buffer);
            return appender.lastIndexAppended();
        }
    }

    ChronicleQueueOpen(Path dir, RollCycle cycle, CycleClock clock, long blockBytes) {
        this.cycle = cycle;
        this.queue = ChronicleContext.call(() -> SingleChronicleQueueBuilder.binary(dir.toFile()).rollCycle(cycle).epoch(0)
                .timeProvider(clock).blockSize(blockBytes).build());
    }

    SingleChronicleQueue queue() {
        return queue;
    }

    /** The calling thread's writer, made on its first append. */
    Writer writer() {
        Writer w = last;
        if (w != null && w.thread == Thread.currentThread()) {
            return w;
        }
        w = writers.get();
        if (w == null) {
            ExcerptAppender a = ChronicleContext.call(queue::createAppender);
            made.add(a);
            w = new Writer(Thread.currentThread(), a);
            writers.set(w);
        }
        last = w;
        return w;
    }

    /** The calling thread's appender if it has appended, else null. */
    ExcerptAppender appenderIfAny() {
        Writer w = writers.get();
        return w == null ? null : w.appender;
    }

    /** The cycles that have files, oldest first. */
    NavigableSet<Long> cycles() {
        return queue.firstCycle() == Integer.MAX_VALUE ? new TreeSet<>()
                : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle());
    }

    File cycleFile(int c) {
        return cycleFile(queue.file(), cycle, c);
    }

    static File cycleFile(File dir, RollCycle rollCycle, int c) {
        String name = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli((long) c * rollCycle.lengthInMillis()));
        return new File(dir, name + SingleChronicleQueue.SUFFIX);
    }

    void close() {
        for (ExcerptAppender a : made) {
            a.close();
        }
        made.clear();
        queue.close();
    }
}
