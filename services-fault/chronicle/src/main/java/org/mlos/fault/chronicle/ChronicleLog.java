package org.mlos.fault.chronicle;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.mlos.fault.api.RecordLog;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A Chronicle Queue seen as a journal with indexes 0, 1, 2 … for ever. Chronicle's own index is
 * (cycle, sequence in the cycle) and cycles follow the clock; here the clock is a
 * {@link CycleClock} that only {@link #roll()} moves, so a cycle is what the {@code Journal} kind
 * calls a segment. The first excerpt of each cycle starts with its journal index (8 bytes): the
 * others' follow from their sequence in the cycle, so the mapping is recoverable from the files
 * alone and is checked on every read; every other excerpt is the record alone.
 *
 * <p>Appends take no lock of ours. Each thread appends through an appender of its own, as
 * Chronicle intends; Chronicle's write lock orders them, and inside it the excerpt's Chronicle
 * index gives the record's journal index (the cycle's first plus the sequence). So nothing but
 * Chronicle's own lock is taken per append. Retention, rolls, resets and syncs take this
 * object's lock; reads use a tailer of their own.
 */
final class ChronicleLog implements RecordLog {

    /** Segments of a day's clock each: 2^32 excerpts a segment at most. */
    static final RollCycle CYCLE = RollCycles.FAST_DAILY;
    private static final String BASE_FILE = "mlos-base-index";
    /** How long a reader waits for a record announced in {@link #next} but not yet committed. */
    private static final long COMMIT_WAIT_NANOS = 10_000_000_000L;
    private static final VarHandle NEXT;

    static {
        // Chronicle's analytics and announcer phone home and write into the home folder. The
        // profile's -runvm turns them off; this keeps them off where a JVM was started without.
        for (String p : new String[] { "chronicle.analytics.disable", "chronicle.announcer.disable" }) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, "true");
            }
        }
        try {
            NEXT = MethodHandles.lookup().findVarHandle(ChronicleLog.class, "next", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Path dir;
    private final long blockBytes;
    private final CycleClock clock = new CycleClock(CYCLE);
    private final CycleBases bases = new CycleBases();
    private final CycleSync forcer;
    private volatile ChronicleQueueOpen open;
    /**
     * The index the next record gets. Written by the appender holding Chronicle's write lock
     * (release order, no fence: writers are already ordered by that lock), just before its
     * excerpt commits; a reader that reaches an excerpt announced here but not yet committed
     * waits for it.
     */
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
        this.forcer = new CycleSync(dir, CYCLE);
        open();
    }

    private void open() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the journal folder " + dir, e);
        }
        ChronicleQueueOpen o = new ChronicleQueueOpen(dir, CYCLE, clock, blockBytes);
        bases.clear();
        long nextIndex = readBase();
        int newest = 0;
        try (ExcerptTailer t = o.queue().createTailer()) {
            for (long c : o.cycles()) {
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
                bases.started(cycle, firstOfCycle);
                nextIndex = firstOfCycle + count;
            }
        }
        clock.moveTo(newest);
        next = nextIndex;
        CycleBases.Base oldest = bases.oldest();
        first = oldest == null ? nextIndex : oldest.first();
        open = o;
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
    public long append(byte[] record) {
        if (record.length > maxRecordBytes()) {
            throw new IllegalArgumentException("a journal record of " + record.length + " bytes is larger than the "
                    + maxRecordBytes() + " a chronicle journal takes (a quarter of mlos.fault.segment.mb)");
        }
        ExcerptAppender appender = open.appender();
        try (DocumentContext dc = appender.writingDocument()) {
            // Chronicle's write lock is held from here to the close: the excerpt's index is final
            long at = dc.index();
            int cycle = CYCLE.toCycle(at);
            long seq = CYCLE.toSequenceNumber(at);
            Bytes<?> bytes = dc.wire().bytes();
            long index;
            if (seq == 0) {
                // a cycle's first excerpt carries its journal index; the others are the record alone
                index = next;
                bytes.writeLong(index);
                bases.started(cycle, index);
            } else {
                CycleBases.Base b = bases.newest();
                index = b == null || b.cycle() != cycle ? -1 : b.first() + seq;
                if (index != next) {
                    dc.rollbackOnClose();
                    throw new IllegalStateException("chronicle is writing excerpt " + seq + " of cycle " + cycle + " in "
                            + dir + " where this journal expects index " + next
                            + ": another process writes this queue; stop it (one journal per folder)");
                }
            }
            bytes.write(record);
            NEXT.setRelease(this, index + 1);
            return index;
        }
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
        long end = next;
        long start = first;
        if (from < start || from > end) {
            throw new IllegalArgumentException("journal index " + from + " is outside the records kept, "
                    + start + " to " + (end - 1) + " (next " + end + ")");
        }
        if (from == end) {
            return 0;
        }
        CycleBases.Base b = bases.holding(from);
        if (b == null) {
            throw new IllegalStateException("no chronicle cycle holds journal index " + from + " in " + dir);
        }
        long cycleFirst = b.first();
        int n = 0;
        try (ExcerptTailer t = open.queue().createTailer()) {
            long deadline = 0;
            while (!t.moveToIndex(CYCLE.toIndex(b.cycle(), from - cycleFirst))) {
                deadline = waitForCommit(deadline, from);
            }
            for (long expected = from; n < max && expected < end;) {
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) {
                        deadline = waitForCommit(deadline, expected);
                        continue;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    long seq = CYCLE.toSequenceNumber(dc.index());
                    if (seq == 0) {
                        cycleFirst = bytes.readLong();
                    }
                    long index = cycleFirst + seq;
                    if (index != expected) {
                        throw new IllegalStateException("chronicle excerpt holds journal index " + index + " where "
                                + expected + " was expected, in " + dir + ": the folder was changed by someone else");
                    }
                    byte[] data = new byte[(int) bytes.readRemaining()];
                    bytes.read(data);
                    sink.accept(index, data);
                    expected++;
                    n++;
                    deadline = 0;
                }
            }
        }
        return n;
    }

    /** A record announced in {@link #next} whose writer has not committed it yet: wait a moment. */
    private long waitForCommit(long deadline, long index) {
        long now = System.nanoTime();
        if (deadline == 0) {
            return now + COMMIT_WAIT_NANOS;
        }
        if (now - deadline > 0) {
            throw new IllegalStateException("journal index " + index + " in " + dir
                    + " was given out but not written within 10 s: its writer stopped in the middle of an append");
        }
        Thread.yield();
        return deadline;
    }

    @Override
    public long firstIndex() {
        return first;
    }

    @Override
    public long nextIndex() {
        return next;
    }

    /** Forces every record appended so far to storage: the cycle files written since the last force. */
    @Override
    public void sync() {
        forcer.force(bases);
    }

    /**
     * Forces the records up to {@code index}: through the calling thread's own appender (an
     * msync up to its last excerpt, which covers every excerpt before it) when that thread wrote
     * {@code index} or a later record of the same cycle, the usual case of a {@code sync} write;
     * else as {@link #sync()}.
     */
    @Override
    public void syncTo(long index) {
        ExcerptAppender mine = open.appenderIfAny();
        CycleBases.Base b = bases.holding(index);
        if (mine != null && b != null) {
            long last = mine.lastIndexAppended();
            if (CYCLE.toCycle(last) == b.cycle() && CYCLE.toSequenceNumber(last) >= index - b.first()) {
                mine.sync();
                return;
            }
        }
        sync();
    }

    /** Starts a new cycle for the next record, unless the current one holds none yet. */
    @Override
    public synchronized void roll() {
        CycleBases.Base b = bases.newest();
        if (b != null && b.cycle() == clock.cycle()) {
            clock.moveTo(clock.cycle() + 1);
        }
    }

    /** Deletes the cycles all of whose records are before {@code index}, never the newest. */
    @Override
    public synchronized long retainFrom(long index) {
        while (bases.count() > 1) {
            CycleBases.Base oldest = bases.oldest();
            if (bases.firstAfter(oldest) > index) {
                break;
            }
            File file = open.cycleFile(oldest.cycle());
            try {
                Files.deleteIfExists(file.toPath());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the journal's cycle file " + file, e);
            }
            bases.dropOldest();
        }
        open.queue().refreshDirectoryListing();
        CycleBases.Base oldest = bases.oldest();
        first = oldest == null ? next : oldest.first();
        return first;
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

    /** Drops every record: the next one appended gets {@code firstIndex}. Appends must be held meanwhile. */
    @Override
    public synchronized void reset(long firstIndex) {
        if (firstIndex < 0) {
            throw new IllegalArgumentException("a journal cannot start at a negative index: " + firstIndex);
        }
        open.close();
        forcer.close();
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
            Files.writeString(dir.resolve(BASE_FILE), Long.toString(firstIndex));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the journal folder " + dir, e);
        }
        open();
    }

    @Override
    public synchronized void close() {
        open.close();
        forcer.close();
    }
}
