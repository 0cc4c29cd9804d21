package org.mlos.fault.chronicle;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.mlos.fault.api.DataFolder;
import org.mlos.fault.api.FolderLock;
import org.mlos.fault.api.RecordLog;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * A Chronicle Queue seen as a journal with indexes 0, 1, 2 … for ever. Chronicle's own index is
 * (cycle, sequence in the cycle) and cycles follow the clock; here the clock is a
 * {@link CycleClock} that only {@link #roll()} moves, so a cycle is what the {@code Journal} kind
 * calls a segment. An excerpt is the record alone, written as Chronicle's own appender writes it:
 * a record's journal index is its cycle's first plus its sequence in the cycle, a cycle's first
 * the one before's plus that cycle's excerpt count, and the oldest cycle's is in
 * {@link BaseFile}. So the mapping is recoverable from the files alone.
 *
 * <p>Appends take no lock of ours. Each thread appends through an appender of its own, as
 * Chronicle intends; Chronicle's write lock orders them, and the index Chronicle gave the excerpt
 * gives the record's. Retention, rolls, resets, truncation and forces of the cycle files
 * ({@link #sync()}) take this object's lock; reads use a tailer of their own. One journal per folder: another process appending to the queue would
 * shift the indexes, and Chronicle lets several processes append, so the log holds the folder's
 * {@link FolderLock} while it is open (two nodes given one folder both wrote into it and each
 * replayed the other's records).
 */
final class ChronicleLog implements RecordLog {

    /** Segments of a day's clock each: 2^32 excerpts a segment at most. */
    static final RollCycle CYCLE = RollCycles.FAST_DAILY;

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
    private final long maxRecordBytes;
    private final CycleClock clock = new CycleClock(CYCLE);
    private final CycleBases bases = new CycleBases();
    private final CycleSync forcer;
    /** Held from the open to {@link #close} (or {@link #abandonAsIfKilled}). */
    private final FolderLock lock;
    private volatile ChronicleQueueOpen open;
    /** The check of the records of the folder as opened (its layout may change with a reset). */
    private volatile RecordCheck check;
    /**
     * Set when the disk refused an append, cleared once every cycle file is found whole: until
     * then a tailer is made only after {@link CycleFileCheck} (a cycle file the disk lost held
     * every reader 10 s at a time in Chronicle).
     */
    private volatile boolean storageRefused;
    /** Where indexes start when no cycle is known yet. */
    private volatile BaseFile.Base start;
    private volatile long first;

    /**
     * Opens (or creates) the queue in {@code dir}, taking the folder's lock first.
     *
     * @param blockBytes Chronicle's block size: a record may take a quarter of it
     * @throws java.io.UncheckedIOException naming the folder and the holder's pid when another
     *         journal, in this process or another, holds the folder
     */
    ChronicleLog(Path dir, long blockBytes) {
        this.dir = dir;
        this.blockBytes = blockBytes;
        this.maxRecordBytes = blockBytes / 4 - 64 - RecordCheck.BYTES;
        try {
            DataFolder.ownerOnly(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the journal folder " + dir, e);
        }
        this.lock = FolderLock.take(dir);
        try {
            this.forcer = new CycleSync(dir, CYCLE);
            open();
        } catch (RuntimeException | Error e) {
            lock.close(); // a folder this log could not open stays free for the next attempt
            throw e;
        }
    }

    private void open() {
        boolean checked = FormatMark.checkAndMark(dir);
        // before the queue lists its cycles: it would wait 10 s twice for a headerless one's header
        int setAside = CycleFileCheck.setAsideHeaderless(dir, CYCLE, System.getLogger(ChronicleLog.class.getName()));
        ChronicleQueueOpen o = new ChronicleQueueOpen(dir, CYCLE, clock, blockBytes, checked);
        BaseFile.Base s = BaseFile.read(dir);
        try (ExcerptTailer t = o.queue().createTailer()) {
            bases.load(o.cycles(), s, t);
        }
        CycleBases.Base newest = bases.newest();
        // the cycle set aside is made anew by the next append, rather than appending after the
        // end of file Chronicle may have marked in the one before as it rolled into it
        clock.moveTo(Math.max(newest == null ? 0 : newest.cycle(), setAside));
        CycleBases.Base oldest = bases.oldest();
        start = s;
        first = oldest == null ? s.first() : oldest.first();
        check = new RecordCheck(dir, o::cycleFile, checked);
        storageRefused = false;
        open = o;
    }

    @Override
    public Path dir() {
        return dir;
    }

    /** The largest record an append takes. */
    long maxRecordBytes() {
        return maxRecordBytes;
    }

    @Override
    public long append(byte[] record) {
        if (record.length > maxRecordBytes) {
            throw new IllegalArgumentException("a journal record of " + record.length + " bytes is larger than the "
                    + maxRecordBytes + " a chronicle journal takes (a quarter of mlos.fault.segment.mb)");
        }
        long at;
        try {
            at = open.writer().append(record);
        } catch (RuntimeException | InternalError e) {
            if (org.mlos.fault.api.JournalRefusals.byStorage(e)) {
                storageRefused = true;
            }
            throw e;
        }
        int cycle = CYCLE.toCycle(at);
        CycleBases.Base b = bases.newest();
        long cycleFirst = b != null && b.cycle() == cycle ? b.first() : firstOf(cycle);
        return cycleFirst + CYCLE.toSequenceNumber(at);
    }

    /** The journal index of {@code cycle}'s first excerpt, learning the cycles up to it if new. */
    private long firstOf(int cycle) {
        long f = bases.firstOf(cycle);
        return f >= 0 ? f : reach(cycle);
    }

    /** Looks for a just-written cycle a read needs this many times, 0.1 ms apart, before it gives up. */
    private static final int LEARN_ATTEMPTS = 2_000;

    /** A cycle not known yet: an appender just rolled into it ({@link CycleBases#reach}). */
    private long reach(int cycle) {
        long f = bases.reach(cycle, start.first(), () -> open.queue().createTailer());
        if (f < 0) {
            throw new IllegalStateException("chronicle wrote into cycle " + cycle + " of " + dir + ", older than the newest ("
                    + bases.newest() + "): another process writes this queue; stop it (one journal per folder)");
        }
        return f;
    }

    /**
     * Hands {@code max} records at most from {@code from} on to {@code sink}; returns how many
     * indexes it went past. A record that fails its checksum is not handed on but counted in the
     * return, so a reader moves past it ({@link RecordCheck}).
     *
     * @throws IllegalArgumentException if {@code from} is outside {@link #firstIndex()} … {@link #nextIndex()}
     */
    @Override
    public int read(long from, int max, RecordSink sink) {
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        long end = nextIndex();
        long kept = first;
        if (from < kept || from > end) {
            throw new IllegalArgumentException("journal index " + from + " is outside the records kept, "
                    + kept + " to " + (end - 1) + " (next " + end + ")");
        }
        if (from == end) {
            return 0;
        }
        CycleBases.Base b = bases.holding(from);
        // Chronicle commits an appender's excerpt before that appender has learned the new cycle
        // it wrote into, and lists a new cycle's file a moment later still: learn the newest cycle
        // here, as the appender is about to, looking again a bounded number of times (a reader
        // racing the very first appends found no cycle listed yet: "index 0", once in CI).
        for (int attempt = 0; b == null && attempt < LEARN_ATTEMPTS; attempt++) {
            java.util.NavigableSet<Long> cycles = open.cycles();
            if (!cycles.isEmpty()) {
                firstOf((int) (long) cycles.last());
                b = bases.holding(from);
            }
            if (b == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        }
        if (b == null) {
            throw new IllegalStateException("no chronicle cycle holds journal index " + from + " in " + dir);
        }
        int n = 0;
        RecordCheck c = check;
        try (ExcerptTailer t = open.queue().createTailer()) {
            if (!t.moveToIndex(CYCLE.toIndex(b.cycle(), from - b.first()))) {
                throw new IllegalStateException("chronicle has no excerpt at journal index " + from + " in " + dir);
            }
            int cycle = b.cycle();
            long cycleFirst = b.first();
            for (long expected = from; n < max && expected < end; expected++, n++) {
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) {
                        throw new IllegalStateException("chronicle ended before journal index " + expected + " in " + dir);
                    }
                    long at = dc.index();
                    if (CYCLE.toCycle(at) != cycle) {
                        cycle = CYCLE.toCycle(at);
                        cycleFirst = firstOf(cycle);
                    }
                    long index = cycleFirst + CYCLE.toSequenceNumber(at);
                    if (index != expected) {
                        throw new IllegalStateException("chronicle excerpt holds journal index " + index + " where "
                                + expected + " was expected, in " + dir + ": the folder was changed by someone else");
                    }
                    byte[] data = c.read(dc.wire().bytes(), index, cycle, CYCLE.toSequenceNumber(at));
                    if (data != null) {
                        sink.accept(index, data);
                    }
                }
            }
        }
        return n;
    }

    /** Records that failed their checksum when read since the log opened (each once). */
    long damagedRecords() {
        return check.damaged();
    }

    /** The queue's appenders now (for tests). */
    ThreadWriters writers() {
        return open.writers();
    }

    @Override
    public long firstIndex() {
        return first;
    }

    /**
     * One past the last excerpt Chronicle holds committed (found by a tailer from the end).
     *
     * @throws UncheckedIOException at once, naming the disk and the file, when the disk refused
     *         an append and a cycle file lost its header ({@link CycleFileCheck})
     */
    @Override
    public long nextIndex() {
        if (storageRefused) {
            CycleFileCheck.wholeOrRefuse(dir);
            storageRefused = false;
        }
        long last = open.queue().lastIndex();
        if (last < 0) {
            CycleBases.Base n = bases.newest();
            return n != null ? n.first() : start.first();
        }
        return firstOf(CYCLE.toCycle(last)) + CYCLE.toSequenceNumber(last) + 1;
    }

    /**
     * Forces every record appended so far to storage: the cycle files written since the last
     * force. Under this object's lock, as a reset empties the folder: a {@code batch} flush beside
     * a swap's reset forced the cycle file just deleted ({@code NoSuchFileException}, logged).
     */
    @Override
    public synchronized void sync() {
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

    /**
     * Deletes the cycles all of whose records are before {@code index}, never the newest. The
     * base file names the new oldest cycle before the files go.
     */
    @Override
    public synchronized long retainFrom(long index) {
        while (bases.count() > 1) {
            CycleBases.Base oldest = bases.oldest();
            CycleBases.Base after = bases.after(oldest.cycle());
            if (after.first() > index) {
                break;
            }
            BaseFile.write(dir, after.cycle(), after.first());
            start = new BaseFile.Base(after.cycle(), after.first());
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
        first = oldest == null ? nextIndex() : oldest.first();
        return first;
    }

    /**
     * Drops every record from {@code index} on (a durable store's import that rolled back).
     * Chronicle cannot cut a cycle file short, so the records kept are read, the queue emptied
     * and they are appended again: costly, but only a failed swap into a durable store does it.
     */
    @Override
    public synchronized void truncate(long index) {
        if (index >= nextIndex()) {
            return;
        }
        if (index < first) {
            throw new IllegalArgumentException("cannot truncate the journal to " + index + ": it starts at " + first);
        }
        List<byte[]> kept = new ArrayList<>();
        for (long i = first; i < index;) {
            i += read(i, (int) Math.min(4096, index - i), (at, data) -> kept.add(data));
        }
        if (kept.size() != index - first) {
            // appended again without the damaged ones, every record after them would move to another index
            throw new IllegalStateException("cannot truncate the journal in " + dir + " to " + index + ": "
                    + (index - first - kept.size()) + " of the records kept fail their checksum (said above); move the"
                    + " folder away, or restore it from a backup");
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
                String name = p.getFileName().toString();
                // .lock deleted would let a second opener in; a cycle file set aside is the operator's to look at
                if (!name.equals(FolderLock.FILE) && !name.contains(CycleFileCheck.SET_ASIDE)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty the journal folder " + dir, e);
        }
        BaseFile.write(dir, -1, firstIndex);
        open();
    }

    @Override
    public synchronized void close() {
        try {
            open.close();
            forcer.close();
        } finally {
            lock.close();
        }
    }

    /**
     * Lets go of the folder's lock as the process's death would, closing and forcing nothing: for
     * a test that stands for a kill -9 and a restart on the folder within one JVM. A killed node
     * makes no more calls; {@link #close} later frees what this object holds.
     */
    void abandonAsIfKilled() {
        lock.close();
    }
}
