package org.mlos.fault.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import org.mlos.fault.api.DataFolder;
import org.mlos.fault.api.FolderLock;
import org.mlos.fault.api.RecordLog;

/**
 * A journal in a folder of memory-mapped segment files, named by the index of their first
 * record ({@code 00000000000000000000.seg}). Appends are serialised; reads run concurrently with
 * them and see every record whose {@link #append} returned. A record is in the operating system's
 * page cache once appended (it survives the process dying); {@link #syncTo} forces it to storage,
 * and concurrent callers share one force.
 *
 * <p>The raw writer under the {@code segments} journal and the durable store, and the peer the
 * journal benchmark compares them with.
 */
public final class SegmentLog implements RecordLog {

    /** The default segment size, 64 MB. */
    public static final int DEFAULT_SEGMENT_BYTES = 64 << 20;
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final int segmentBytes;
    private final SpaceAhead.Allocator allocator;
    private final CRC32C crc = new CRC32C();
    private final Object syncLock = new Object();
    /** Sorted by first index; replaced whole (copy on write) when a segment comes or goes. */
    private volatile Segment[] segments;
    private volatile long next;
    private volatile long synced;
    /** The first force that failed: from then on the journal takes no record ({@link #checkForcing}). */
    private volatile RuntimeException failedForce;
    private boolean closed;
    /** Held from the open to {@link #close}. */
    private final FolderLock lock;

    /**
     * Opens the journal in {@code dir} (created if missing), finding the records already there.
     * The log holds the folder's {@link FolderLock} until it is closed: a second log on the
     * folder, in this process or another, is refused (two nodes given one folder overwrote each
     * other's records).
     *
     * @throws UncheckedIOException naming the file, when a segment is damaged or missing, or
     *         naming the folder, when another log holds it
     */
    public SegmentLog(Path dir, int segmentBytes) {
        this(dir, segmentBytes, SpaceAhead.WRITTEN_ZEROES);
    }

    /** A log whose segments take their blocks through {@code allocator} (tests: a full disk). */
    SegmentLog(Path dir, int segmentBytes, SpaceAhead.Allocator allocator) {
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("a journal segment must hold at least 4096 bytes, got " + segmentBytes);
        }
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.allocator = allocator;
        try {
            DataFolder.ownerOnly(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + dir + ": " + e.getMessage(), e);
        }
        lock = FolderLock.take(dir);
        try {
            segments = openAll(dir, segmentBytes, allocator);
            if (segments.length == 0) {
                segments = new Segment[] { Segment.create(file(0), 0, segmentBytes, allocator) };
                syncDir();
            }
        } catch (IOException | RuntimeException e) {
            unlock();
            throw e instanceof IOException io
                    ? new UncheckedIOException("cannot open the journal in " + dir + ": " + e.getMessage(), io)
                    : (RuntimeException) e;
        }
        Segment last = segments[segments.length - 1];
        droppedAtOpen = last.dropped();
        next = last.firstIndex + last.count();
        synced = next;
    }

    private final long droppedAtOpen;

    @Override
    public long droppedAtOpen() {
        return droppedAtOpen;
    }

    /** Releases the folder's lock; then this process may open the folder again. */
    private void unlock() {
        lock.close();
    }

    private static Segment[] openAll(Path dir, int segmentBytes, SpaceAhead.Allocator allocator) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            s.forEach(files::add);
        }
        files.sort(null);
        Path lastFile = files.isEmpty() ? null : files.get(files.size() - 1);
        if (lastFile != null && firstIndexOf(lastFile) >= 0 && Segment.neverFinished(lastFile, firstIndexOf(lastFile))) {
            // A node killed while it started a segment (file made, header not yet whole): the
            // segment holds no record (one is appended only once the segment is whole), so it
            // goes, and the next append starts it again.
            Path unwritten = files.remove(files.size() - 1);
            System.getLogger(SegmentLog.class.getName()).log(System.Logger.Level.WARNING,
                    "journal segment " + unwritten + " was being started when the node stopped and holds no record: removed");
            Files.delete(unwritten);
            forceDir(dir);
            if (files.isEmpty()) {
                // the journal's only segment (a reset that was starting it again): the journal
                // starts where that segment was to start, not at 0
                Segment again = Segment.create(unwritten, firstIndexOf(unwritten), segmentBytes, allocator);
                forceDir(dir);
                return new Segment[] { again };
            }
        }
        Segment[] out = new Segment[files.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Segment.open(files.get(i), i == out.length - 1, allocator);
            if (i > 0 && out[i].firstIndex != out[i - 1].firstIndex + out[i - 1].count()) {
                throw new IOException("journal segments " + out[i - 1].file.getFileName() + " and "
                        + out[i].file.getFileName() + " do not follow each other (records "
                        + (out[i - 1].firstIndex + out[i - 1].count()) + " to " + (out[i].firstIndex - 1)
                        + " are missing): restore the missing segment, or remove the later ones");
            }
        }
        return out;
    }

    /** The segments as they stand (tests). */
    Segment[] segments() {
        return segments;
    }

    @Override
    public Path dir() {
        return dir;
    }

    /** Largest record this journal accepts. */
    public int maxRecord() {
        return Segment.maxRecord(segmentBytes);
    }

    /**
     * Appends a record; returns its index.
     *
     * @throws IllegalArgumentException if it is larger than {@link #maxRecord()}
     * @throws UncheckedIOException if the disk has no room for it (a new segment file, or the
     *         blocks ahead of the last record, cannot be had): the log is as it was, the index unused
     */
    @Override
    public synchronized long append(byte[] data) {
        checkOpen();
        if (data.length > maxRecord()) {
            throw new IllegalArgumentException("a journal record of " + data.length + " bytes exceeds the largest a "
                    + segmentBytes + "-byte segment holds (" + maxRecord() + "); raise the segment size");
        }
        Segment[] segs = segments;
        Segment s = segs[segs.length - 1];
        if (!s.fits(data.length)) {
            s = startSegment(segs);
        }
        try {
            s.append(data, crc);
        } catch (IOException e) {
            throw new UncheckedIOException("journal segment " + s.file + " has no room for the record: its next blocks"
                    + " could not be taken (" + e.getMessage() + "); nothing was written, record " + next
                    + " is still the next", e);
        }
        long index = next;
        next = index + 1;
        return index;
    }

    private Segment startSegment(Segment[] segs) {
        // The segment sealed is forced before the next one is made durable: after a power loss a
        // torn end of a segment that is no longer the last would keep the journal from opening.
        forceUnderLock(segs[segs.length - 1]);
        try {
            Segment s = Segment.create(file(next), next, segmentBytes, allocator);
            Segment[] grown = Arrays.copyOf(segs, segs.length + 1);
            grown[segs.length] = s;
            segments = grown; // before the folder's force, which may fail: the file is the log's either way
            syncDir();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal segment " + file(next) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long firstIndex() {
        return segments[0].firstIndex;
    }

    @Override
    public long nextIndex() {
        return next;
    }

    /** The record at {@code index}. */
    public byte[] read(long index) {
        long n = next;
        Segment[] segs = segments;
        if (index < segs[0].firstIndex || index >= n) {
            throw new IllegalArgumentException("no journal record " + index + ": the journal holds records "
                    + segs[0].firstIndex + " to " + (n - 1));
        }
        Segment s = segs[find(segs, index)];
        return s.read((int) (index - s.firstIndex));
    }

    /** Passes up to {@code max} records from {@code from} on to {@code sink}; returns how many. */
    @Override
    public int read(long from, int max, RecordSink sink) {
        long n = next;
        Segment[] segs = segments;
        long first = segs[0].firstIndex;
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        if (from < first || from > n) {
            throw new IllegalArgumentException("cannot read the journal from " + from + ": it holds records " + first
                    + " to " + (n - 1) + (from < first ? " (older ones were dropped by retention)" : ""));
        }
        int done = 0;
        int si = from < n ? find(segs, from) : segs.length;
        for (long i = from; i < n && done < max; i++, done++) {
            if (si + 1 < segs.length && i >= segs[si + 1].firstIndex) {
                si++;
            }
            Segment s = segs[si];
            sink.accept(i, s.read((int) (i - s.firstIndex)));
        }
        return done;
    }

    private static int find(Segment[] segs, long index) {
        int lo = 0;
        int hi = segs.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (segs[mid].firstIndex <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Forces every record appended so far to storage. */
    @Override
    public void sync() {
        syncTo(next - 1);
    }

    /**
     * Forces records up to {@code index} to storage, and any appended before this call. A caller
     * that finds them already forced by another returns at once: concurrent writers share a force.
     */
    @Override
    public void syncTo(long index) {
        if (synced > index) {
            return;
        }
        synchronized (syncLock) {
            if (synced > index) {
                return;
            }
            checkForcing();
            long upTo = next;
            try {
                for (Segment s : segments) {
                    s.force(); // nothing to do for a segment forced already
                }
            } catch (RuntimeException e) {
                failedForce = e;
                throw e;
            }
            synced = upTo;
        }
    }

    private void forceUnderLock(Segment s) {
        synchronized (syncLock) {
            checkForcing();
            try {
                s.force();
            } catch (RuntimeException e) {
                failedForce = e;
                throw e;
            }
        }
    }

    /**
     * After one force failed, none is trusted: Linux reports a write-back error once and marks the
     * pages clean, so the next force would succeed without the records reaching storage.
     */
    private void checkForcing() {
        RuntimeException f = failedForce;
        if (f != null) {
            throw new UncheckedIOException("the journal in " + dir + " could not force its records to storage ("
                    + f.getMessage() + "); it takes no more records: restart the node to open it again",
                    f instanceof UncheckedIOException u ? u.getCause() : new IOException(f));
        }
    }

    /** Seals the segment being written, unless it is empty; the next record starts a new one. */
    @Override
    public synchronized void roll() {
        checkOpen();
        Segment[] segs = segments;
        if (segs[segs.length - 1].count() > 0) {
            startSegment(segs);
        }
    }

    /** Deletes sealed segments holding only records before {@code index}; returns the first index kept. */
    @Override
    public synchronized long retainFrom(long index) {
        checkOpen();
        Segment[] segs = segments;
        int drop = 0;
        while (drop < segs.length - 1 && segs[drop + 1].firstIndex <= index) {
            drop++;
        }
        if (drop > 0) {
            segments = Arrays.copyOfRange(segs, drop, segs.length);
            for (int i = 0; i < drop; i++) {
                delete(segs[i].file);
            }
            syncDirUnchecked();
        }
        return segments[0].firstIndex;
    }

    /** Drops every record from {@code index} on (an import that rolled back). */
    @Override
    public synchronized void truncate(long index) {
        checkOpen();
        Segment[] segs = segments;
        if (index >= next) {
            return;
        }
        if (index < segs[0].firstIndex) {
            throw new IllegalArgumentException("cannot truncate the journal to " + index + ": it starts at "
                    + segs[0].firstIndex);
        }
        int keep = find(segs, index);
        for (int i = segs.length - 1; i > keep; i--) {
            delete(segs[i].file);
        }
        // Under the sync lock: a force running meanwhile would otherwise set synced past the
        // records appended after this, as if it had forced them. The log's state first, so that a
        // force failing leaves it whole (and the log taking no more records).
        synchronized (syncLock) {
            Segment s = segs[keep];
            segments = Arrays.copyOf(segs, keep + 1);
            next = index;
            synced = Math.min(synced, index);
            try {
                s.truncate((int) (index - s.firstIndex));
            } catch (RuntimeException e) {
                failedForce = e;
                throw e;
            }
        }
        syncDirUnchecked(); // else a file system may bring the dropped segments back after a power loss
    }

    /** Deletes every record and starts again at {@code firstIndex} (an import into this journal). */
    @Override
    public synchronized void reset(long firstIndex) {
        checkOpen();
        if (firstIndex < 0) {
            throw new IllegalArgumentException("a journal cannot start at a negative index: " + firstIndex);
        }
        for (Segment s : segments) {
            delete(s.file);
        }
        try {
            segments = new Segment[] { Segment.create(file(firstIndex), firstIndex, segmentBytes, allocator) };
            syncDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal segment " + file(firstIndex) + ": " + e.getMessage(), e);
        }
        next = firstIndex;
        synced = firstIndex;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                if (failedForce == null) {
                    sync();
                }
            } finally {
                unlock();
            }
        }
    }

    /**
     * Lets go of the folder's lock as the process's death would (the operating system drops the
     * lock of a process that dies), forcing and unmapping nothing, and takes no more records: for
     * a test that stands for a kill -9 and a restart on the folder within one JVM.
     */
    public synchronized void abandonAsIfKilled() {
        if (!closed) {
            closed = true;
            unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the journal in " + dir + " is closed");
        }
        checkForcing();
    }

    /** The first record index a segment file's name gives ({@link #file}), -1 for a name that gives none. */
    private static long firstIndexOf(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Path file(long firstIndex) {
        return dir.resolve(String.format("%020d%s", firstIndex, SUFFIX));
    }

    private void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete journal segment " + file + ": " + e.getMessage(), e);
        }
    }

    private void syncDirUnchecked() {
        try {
            syncDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force the journal folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Makes a new file's name durable: the folder's own entry is forced too. */
    private void syncDir() throws IOException {
        forceDir(dir);
    }

    private static void forceDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
