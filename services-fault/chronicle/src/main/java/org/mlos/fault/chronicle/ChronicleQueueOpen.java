package org.mlos.fault.chronicle;

import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.NavigableSet;
import java.util.TreeSet;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/**
 * One opening of a journal's queue and its appenders ({@link ThreadWriters}). A reset replaces
 * the whole opening, so an appender never outlives its queue.
 */
final class ChronicleQueueOpen {

    private final SingleChronicleQueue queue;
    private final RollCycle cycle;
    private final ThreadWriters writers;

    ChronicleQueueOpen(Path dir, RollCycle cycle, CycleClock clock, long blockBytes, boolean checked) {
        this.cycle = cycle;
        this.queue = ChronicleContext.call(() -> SingleChronicleQueueBuilder.binary(dir.toFile()).rollCycle(cycle).epoch(0)
                .timeProvider(clock).blockSize(blockBytes).build());
        this.writers = new ThreadWriters(() -> ChronicleContext.call(queue::createAppender), checked);
    }

    SingleChronicleQueue queue() {
        return queue;
    }

    /** The calling thread's writer, made on its first append. */
    ThreadWriters.Writer writer() {
        return writers.writer();
    }

    /** The calling thread's own appender if it has appended, else null. */
    ExcerptAppender appenderIfAny() {
        return writers.appenderIfAny();
    }

    ThreadWriters writers() {
        return writers;
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
        writers.close();
        queue.close();
    }
}
