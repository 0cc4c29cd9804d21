package org.mlos.fault.chronicle;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.ArrayList;
import java.util.List;

import org.mlos.fault.api.RecordLog;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A Chronicle Queue seen as a journal with indexes 0, 1, 2 … for ever. Chronicle's own index is
 * (cycle, sequence in the cycle) and cycles follow the clock; here the clock is a
 * {@link CycleClock} that only {@link #roll()} moves, so a cycle is what the {@code Journal} kind
 * calls a segment. The first excerpt of each cycle starts with its journal index (8 bytes): the
 * others' follow from their sequence in the cycle, so the mapping is recoverable from the files
 * alone and is checked on every read; every other excerpt is the record alone.
 *
 * <p>Appends are serialised by this object's lock: one appender, whose single-thread check is
 * off because the lock, not a thread, owns it. Reads use a tailer of their own.
 */
final class ChronicleLog implements RecordLog {

    /** Segments of a day's clock each: 2^32 excerpts a segment at most. */
    static final RollCycle CYCLE = RollCycles.FAST_DAILY;
    private static final String BASE_FILE = "mlos-base-index";

    static {
        // Chronicle's analytics and announcer phone home and write into the home folder. The
        // profile's -runvm turns them off; this keeps them off where a JVM was started without.
        for (String p : new String[] { "chronicle.analytics.disable", "chronicle.announcer.disable" }) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, "true");
            }
        }
    }

    private final Path dir;
    private final long blockBytes;
    private final CycleClock clock = new CycleClock(CYCLE);
    /** First journal index of each cycle that holds records, by that index. */
    private final TreeMap<Long, Integer> cycles = new TreeMap<>();
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private final Bytes<?> buffer = Bytes.allocateElasticOnHeap(256);
    private int lastCycle = -1;
    private volatile long next;
    private volatile long first;

    /**
     * Opens (or creates) the queue in {@code dir}.
     *
     * @param blockBytes Chronicle's block size: a record may take a quarter of it
     */
    ChronicleLog(Path dir, long blockBytes) {
        this.dir = dir;
        this.blockBytes = blockBytes;
        open();
    }

    private void open() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the journal folder " + dir, e);
        }
        queue = ChronicleContext.call(() -> SingleChronicleQueueBuilder.binary(dir.toFile()).rollCycle(CYCLE).epoch(0)
                .timeProvider(clock).blockSize(blockBytes).build());
        cycles.clear();
        lastCycle = -1;
        NavigableSet<Long> found = queue.firstCycle() == Integer.MAX_VALUE ? new java.util.TreeSet<>()
                : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle());
        long nextIndex = readBase();
        int newest = 0;
        try (ExcerptTailer t = queue.createTailer()) {
            for (long c : found) {
                int cycle = (int) c;
                newest = Math.max(newest, cycle);
                long count = t.excerptsInCycle(cycle);
                if (count <= 0 || !t.moveToIndex(CYCLE.toIndex(cycle, 0))) {
                    continue;
                }
                long firstOfCycle;
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) {
                        continue;
                    }
                    firstOfCycle = dc.wire().bytes().readLong();
                }
                cycles.put(firstOfCycle, cycle);
                nextIndex = firstOfCycle + count;
            }
        }
        clock.moveTo(newest);
        next = nextIndex;
        first = cycles.isEmpty() ? nextIndex : cycles.firstKey();
        lastCycle = cycles.isEmpty() ? -1 : cycles.lastEntry().getValue();
        appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true);
        buffer.singleThreadedCheckDisabled(true);
    }

    private long readBase() {
        Path base = dir.resolve(BASE_FILE);
        if (!Files.exists(base)) {
            return 0;
        }
        try {
            return Long.parseLong(Files.readString(base).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("the journal's base index file " + base
                    + " is unreadable; restore it or move the folder away to start an empty journal", e);
        }
    }

    @Override
    public Path dir() {
        return dir;
    }

    /** The largest record an append takes. */
    long maxRecordBytes() {
        return blockBytes / 4 - 64;
    }

    @Override
    public synchronized long append(byte[] record) {
        if (record.length > maxRecordBytes()) {
            throw new IllegalArgumentException("a journal record of " + record.length + " bytes is larger than the "
                    + maxRecordBytes() + " a chronicle journal takes (a quarter of mlos.fault.segment.mb)");
        }
        long index = next;
        int cycle = clock.cycle();
        if (cycle != lastCycle) {
            // The first excerpt of a cycle carries its journal index; the others are the record
            // alone (their index is the cycle's first plus their sequence in it), as Chronicle's
            // own appender would write them.
            buffer.clear();
            buffer.writeLong(index).write(record);
            appender.writeBytes(buffer);
            int written = CYCLE.toCycle(appender.lastIndexAppended());
            if (written != cycle || CYCLE.toSequenceNumber(appender.lastIndexAppended()) != 0) {
                throw new IllegalStateException("chronicle wrote journal index " + index + " at cycle " + written
                        + " sequence " + CYCLE.toSequenceNumber(appender.lastIndexAppended()) + ", not at the start of cycle "
                        + cycle + ", in " + dir + ": another process writes this queue");
            }
            cycles.put(index, cycle);
            lastCycle = cycle;
        } else {
            // copied into one reused buffer: wrapping the record made a BytesStore per append,
            // and Chronicle counts each one it creates (IOTools.counter), a third of an append's time
            buffer.clear();
            buffer.write(record);
            appender.writeBytes(buffer);
        }
        next = index + 1;
        return index;
    }

    /**
     * Hands {@code max} records at most from {@code from} on to {@code sink}; returns how many.
     *
     * @throws IllegalArgumentException if {@code from} is outside {@link #firstIndex()} … {@link #nextIndex()}
     */
    @Override
    public int read(long from, int max, RecordSink sink) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        long end;
        long start;
        long cycleFirst;
        synchronized (this) {
            end = next;
            if (from < first || from > end) {
                throw new IllegalArgumentException("journal index " + from + " is outside the records kept, "
                        + first + " to " + (end - 1) + " (next " + end + ")");
            }
            if (from == end) {
                return 0;
            }
            Map.Entry<Long, Integer> c = cycles.floorEntry(from);
            start = CYCLE.toIndex(c.getValue(), from - c.getKey());
            cycleFirst = c.getKey();
        }
        int n = 0;
        try (ExcerptTailer t = queue.createTailer()) {
            if (!t.moveToIndex(start)) {
                throw new IllegalStateException("chronicle has no excerpt at journal index " + from + " in " + dir);
            }
            for (long expected = from; n < max && expected < end; expected++, n++) {
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) {
                        throw new IllegalStateException("chronicle ended before journal index " + expected + " in " + dir);
                    }
                    Bytes<?> b = dc.wire().bytes();
                    long seq = CYCLE.toSequenceNumber(dc.index());
                    if (seq == 0) {
                        cycleFirst = b.readLong();
                    }
                    long index = cycleFirst + seq;
                    if (index != expected) {
                        throw new IllegalStateException("chronicle excerpt holds journal index " + index + " where "
                                + expected + " was expected, in " + dir + ": the folder was changed by someone else");
                    }
                    byte[] data = new byte[(int) b.readRemaining()];
                    b.read(data);
                    sink.accept(index, data);
                }
            }
        }
        return n;
    }

    @Override
    public long firstIndex() {
        return first;
    }

    @Override
    public long nextIndex() {
        return next;
    }

    /** Forces what was appended to storage (msync of the cycle being written). */
    @Override
    public synchronized void sync() {
        appender.sync();
    }

    /** Starts a new cycle for the next record, unless the current one holds none yet. */
    @Override
    public synchronized void roll() {
        Map.Entry<Long, Integer> last = cycles.lastEntry();
        if (last != null && last.getValue() == clock.cycle()) {
            clock.moveTo(clock.cycle() + 1);
        }
    }

    /** Deletes the cycles all of whose records are before {@code index}, never the newest. */
    @Override
    public synchronized long retainFrom(long index) {
        while (cycles.size() > 1) {
            Map.Entry<Long, Integer> oldest = cycles.firstEntry();
            long nextFirst = cycles.higherKey(oldest.getKey());
            if (nextFirst > index) {
                break;
            }
            File file = cycleFile(oldest.getValue());
            try {
                Files.deleteIfExists(file.toPath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the journal's cycle file " + file, e);
            }
            cycles.pollFirstEntry();
        }
        queue.refreshDirectoryListing();
        first = cycles.isEmpty() ? next : cycles.firstKey();
        return first;
    }

    private File cycleFile(int cycle) {
        String name = java.time.format.DateTimeFormatter.ofPattern(CYCLE.format()).withZone(java.time.ZoneOffset.UTC)
                .format(java.time.Instant.ofEpochMilli((long) cycle * CYCLE.lengthInMillis()));
        return new File(queue.file(), name + SingleChronicleQueue.SUFFIX);
    }

    /**
     * Drops every record from {@code index} on (a durable store's import that rolled back).
     * Chronicle cannot cut a cycle file short, so the records kept are read, the queue emptied
     * and they are appended again: costly, but only a failed swap into a durable store does it.
     */
    @Override
    public synchronized void truncate(long index) {
        if (index >= next) {
            return;
        }
        if (index < first) {
            throw new IllegalArgumentException("cannot truncate the journal to " + index + ": it starts at " + first);
        }
        List<byte[]> kept = new ArrayList<>();
        for (long i = first; i < index;) {
            i += read(i, (int) Math.min(4096, index - i), (at, data) -> kept.add(data));
        }
        reset(first);
        for (byte[] r : kept) {
            append(r);
        }
    }

    /** Drops every record: the next one appended gets {@code firstIndex}. */
    synchronized void reset(long firstIndex) {
        closeQueue();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
            Path base = dir.resolve(BASE_FILE);
            Files.writeString(base, Long.toString(firstIndex));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the journal folder " + dir, e);
        }
        open();
    }

    private void closeQueue() {
        if (appender != null) {
            appender.close();
        }
        if (queue != null) {
            queue.close();
        }
    }

    @Override
    public synchronized void close() {
        closeQueue();
    }
}
