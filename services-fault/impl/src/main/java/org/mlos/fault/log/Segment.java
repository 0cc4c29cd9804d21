package org.mlos.fault.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One segment file, mapped whole: a 16-byte header (magic, version, index of its first record),
 * then records, each {@code [int length][int crc32c][bytes]}. The file starts zero-filled and a
 * record's length is written last, so a length of 0 marks the end, and a record cut short by a
 * crash fails its checksum. One writer at a time (the {@link SegmentLog}'s lock); readers read
 * only records the log has published.
 */
final class Segment {

    static final int MAGIC = 0x4D4C4A31; // "MLJ1"
    static final int VERSION = 1;
    static final int HEADER = 16;
    static final int RECORD_HEADER = 8;

    final Path file;
    final long firstIndex;
    private final MappedByteBuffer buffer;
    private final int capacity;
    private final SpaceAhead.Allocator allocator;
    /**
     * The bytes from the file's start whose blocks this segment took ({@link SpaceAhead}); never
     * below {@code end}, so the zeroes written to take more never land on a record.
     */
    private int allocated;
    private int[] positions = new int[256];
    private int count;
    private volatile int end = HEADER;
    private volatile int syncedTo = HEADER;
    /** Why the scan of the last segment stopped before its end mark, null at one ({@link #scan}). */
    private String stoppedBecause;

    private Segment(Path file, long firstIndex, MappedByteBuffer buffer, SpaceAhead.Allocator allocator, int allocated) {
        this.file = file;
        this.firstIndex = firstIndex;
        this.buffer = buffer;
        this.capacity = buffer.capacity();
        this.allocator = allocator;
        this.allocated = allocated;
    }

    /**
     * A new, empty segment file of {@code size} bytes, its header forced, its first chunk's blocks
     * taken ({@link SpaceAhead}). If it cannot be made whole (disk full, a failed map), the file
     * goes again: a file left behind would take the name the next attempt needs, and every later
     * append would fail until a restart.
     */
    static Segment create(Path file, long firstIndex, int size, SpaceAhead.Allocator allocator) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try (ch) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            int allocated = SpaceAhead.markFor(0, HEADER, size);
            allocator.allocate(file, 0, allocated);
            b.putInt(0, MAGIC);
            b.putInt(4, VERSION);
            b.putLong(8, firstIndex);
            b.force(0, HEADER);
            ch.force(true);
            return new Segment(file, firstIndex, b, allocator, allocated);
        } catch (IOException | RuntimeException | InternalError e) {
            // InternalError: a write to a mapped page the file system had no block for (SIGBUS)
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException gone) {
                e.addSuppressed(gone);
            }
            throw e instanceof IOException io ? io : new IOException("cannot start " + file + " (is the disk full?): " + e, e);
        }
    }

    /**
     * Whether a segment file was never finished: shorter than a header and an end mark (killed
     * before the file was sized), or without a whole header for {@code firstIndex} (killed while
     * {@link #create} wrote it; the file is sized, zero-filled, first) and no record after it.
     * Such a file holds no record: one is appended only once {@link #create} has returned.
     */
    static boolean neverFinished(Path file, long firstIndex) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() < HEADER + RECORD_HEADER) {
                return true;
            }
            ByteBuffer start = ByteBuffer.allocate(HEADER + RECORD_HEADER).order(java.nio.ByteOrder.BIG_ENDIAN);
            while (start.hasRemaining() && ch.read(start) >= 0) {
                // the whole start: header and the first record's length and checksum
            }
            boolean header = start.getInt(0) == MAGIC && start.getInt(4) == VERSION && start.getLong(8) == firstIndex;
            boolean noRecord = start.getInt(HEADER) == 0 && start.getInt(HEADER + 4) == 0;
            return !header && noRecord;
        }
    }

    /**
     * Opens an existing segment and finds its records. In the last segment a record cut short
     * (bad length or checksum) ends it and is wiped; in an earlier, sealed one it is damage.
     */
    static Segment open(Path file, boolean last, SpaceAhead.Allocator allocator) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            if (size < HEADER + RECORD_HEADER || size > Integer.MAX_VALUE) {
                throw new IOException("journal segment " + file + " has a size of " + size
                        + " bytes, which no segment has: it is not a journal segment, or was cut short");
            }
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            if (b.getInt(0) != MAGIC || b.getInt(4) != VERSION) {
                throw new IOException("journal segment " + file + " does not start with a segment header (version "
                        + VERSION + "): move it out of the journal folder");
            }
            // what lies past the records may be a hole: the first append takes a chunk from there
            Segment s = new Segment(file, b.getLong(8), b, allocator, HEADER);
            s.scan(last);
            s.allocated = s.end;
            if (last) {
                s.wipeTail(ch);
            }
            return s;
        }
    }

    private void scan(boolean last) throws IOException {
        int pos = HEADER;
        CRC32C crc = new CRC32C();
        while (pos + RECORD_HEADER <= capacity) {
            int len = buffer.getInt(pos);
            if (len == 0) {
                break;
            }
            boolean fits = len > 0 && (long) pos + RECORD_HEADER + len <= capacity;
            if (!fits || checksum(crc, pos + RECORD_HEADER, len) != buffer.getInt(pos + 4)) {
                if (!last) {
                    throw new IOException("journal segment " + file + " is damaged at byte " + pos + " (record "
                            + (firstIndex + count) + "), and later segments follow it: restore it from a backup,"
                            + " or remove it and every later segment to keep the records before it");
                }
                stoppedBecause = len < 0 ? "an impossible length (" + len + ")"
                        : !fits ? "a record cut short (its length, " + len + " bytes, runs past the end of the "
                                + capacity + "-byte file: the file was truncated, or the length is damaged)"
                        : "a bad checksum";
                break; // the record cut short is wiped with the rest of the tail (wipeTail)
            }
            remember(pos);
            pos += RECORD_HEADER + len;
        }
        if (stoppedBecause == null && pos < capacity) {
            stoppedBecause = pos + RECORD_HEADER > capacity ? "a record header cut short at the end of the file"
                    : "a zero length (the end mark) before bytes written after it (an append cut short by the"
                            + " process's end, never acknowledged, or a page lost by a power loss)";
        }
        end = pos;
    }

    /**
     * Zeroes and forces whatever lies on storage after the last whole record of the last segment.
     * A power loss can lose a page of the tail yet keep later ones: their records, left past the
     * end, would be read again after new records of the same sizes had been written up to them,
     * and replayed after those. Read through the channel, so the check maps nothing into memory.
     *
     * <p>A torn tail (zeroes past the end) is the usual end of a killed process and says nothing.
     * Bytes that are not zero, though, may be whole records behind a damaged one: before they are
     * zeroed they are kept, forced, in {@code <segment>.dropped-<byte>} beside the segment, and a
     * WARNING says where, why, and how much (it was silent and destroyed them).
     */
    private void wipeTail(FileChannel ch) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(64 << 10);
        int dirtyEnd = end;
        for (long at = end; at < capacity; at += chunk.capacity()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), capacity - at));
            while (chunk.hasRemaining() && ch.read(chunk, at + chunk.position()) >= 0) {
                // the whole chunk
            }
            for (int i = chunk.position() - 1; i >= 0; i--) {
                if (chunk.get(i) != 0) {
                    dirtyEnd = (int) (at + i + 1);
                    break;
                }
            }
        }
        if (dirtyEnd > end) {
            keepDropped(dirtyEnd);
            zero(end, dirtyEnd);
            buffer.force(end, dirtyEnd - end);
        }
    }

    /** Copies {@code [end, dirtyEnd)} (and the rest of a whole record it cuts) into a file beside the segment, and says so. */
    private void keepDropped(int dirtyEnd) throws IOException {
        int[] chain = recordsAfterDamage();
        dropped = chain == null ? 1 : 1 + chain[0]; // at least the damaged one, when the rest cannot be told
        int to = Math.max(dirtyEnd, chain == null ? 0 : chain[1]);
        Path kept = file.resolveSibling(file.getFileName() + ".dropped-" + end);
        // a second damage at the same byte kept its bytes over the first one's, which a warning had said were kept
        for (int n = 2; Files.exists(kept, java.nio.file.LinkOption.NOFOLLOW_LINKS); n++) {
            kept = file.resolveSibling(file.getFileName() + ".dropped-" + end + "-" + n);
        }
        try {
            writeOwnerOnly(kept, end, to);
        } catch (IOException e) {
            throw new IOException("journal segment " + file + " is damaged at byte " + end + " (" + stoppedBecause
                    + "), and the " + (to - end) + " bytes after it, which opening it drops, cannot be kept in " + kept
                    + ": " + e.getMessage() + "; free space there, or copy those bytes out of the segment yourself and"
                    + " zero them, then start again", e);
        }
        System.getLogger(SegmentLog.class.getName()).log(System.Logger.Level.WARNING, "journal segment " + file
                + " is damaged at byte " + end + " (record " + (firstIndex + count) + "): " + stoppedBecause
                + "; the journal ends at the record before it, and the " + (to - end) + " bytes written after it are"
                + " dropped (" + (chain == null ? "how many records they hold cannot be told"
                        : "the damaged record and " + chain[0] + " whole record" + (chain[0] == 1 ? "" : "s")
                                + " after it whose checksums verify")
                + "). They are kept in " + kept + " (the segment's bytes from byte " + end + "): the journal will not"
                + " read them again");
    }

    /** Records dropped as this segment opened: the damaged one and the whole records after it (0: none). */
    private int dropped;

    int dropped() {
        return dropped;
    }

    /**
     * Following the lengths from the damaged record at {@code end}: how many whole records come
     * after it, and where the last one ends; null when the damaged record's length is unreadable.
     */
    private int[] recordsAfterDamage() {
        if (end + RECORD_HEADER > capacity) {
            return null;
        }
        int len = buffer.getInt(end);
        if (len <= 0 || (long) end + RECORD_HEADER + len > capacity) {
            return null;
        }
        CRC32C crc = new CRC32C();
        int pos = end + RECORD_HEADER + len;
        int n = 0;
        while (pos + RECORD_HEADER <= capacity) {
            len = buffer.getInt(pos);
            if (len <= 0 || (long) pos + RECORD_HEADER + len > capacity
                    || checksum(crc, pos + RECORD_HEADER, len) != buffer.getInt(pos + 4)) {
                break;
            }
            n++;
            pos += RECORD_HEADER + len;
        }
        return new int[] { n, pos };
    }

    /** Writes {@code [from, to)} of this segment into {@code kept} (0600 where the file system has modes), forced with its name. */
    private void writeOwnerOnly(Path kept, int from, int to) throws IOException {
        boolean posix = kept.getFileSystem().supportedFileAttributeViews().contains("posix");
        java.util.Set<java.nio.file.OpenOption> options = java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        java.nio.file.attribute.FileAttribute<?>[] attrs = posix
                ? new java.nio.file.attribute.FileAttribute<?>[] { java.nio.file.attribute.PosixFilePermissions
                        .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")) }
                : new java.nio.file.attribute.FileAttribute<?>[0];
        try (FileChannel out = FileChannel.open(kept, options, attrs)) {
            if (posix) {
                // one left by an open that stopped before it zeroed the segment
                java.nio.file.Files.setPosixFilePermissions(kept, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }
            ByteBuffer bytes = buffer.duplicate().limit(to).position(from);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try (FileChannel folder = FileChannel.open(kept.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    private int checksum(CRC32C crc, int from, int len) {
        crc.reset();
        ByteBuffer slice = buffer.duplicate();
        slice.limit(from + len).position(from);
        crc.update(slice);
        return (int) crc.getValue();
    }

    private void remember(int pos) {
        if (count == positions.length) {
            int[] grown = java.util.Arrays.copyOf(positions, count * 2);
            positions = grown;
        }
        positions[count++] = pos;
    }

    /** Whether a record of {@code length} bytes fits after the last one. */
    boolean fits(int length) {
        return (long) end + RECORD_HEADER + length <= capacity;
    }

    /** Largest record an empty segment of this size can hold. */
    static int maxRecord(int segmentSize) {
        return segmentSize - HEADER - RECORD_HEADER;
    }

    /**
     * Writes a record after the last one (the caller checked {@link #fits}); its length goes last.
     *
     * @throws IOException if the blocks it needs cannot be taken (a full disk), before any byte
     *         of it is written: the segment is as it was
     */
    void append(byte[] data, CRC32C crc) throws IOException {
        int pos = end;
        int upTo = pos + RECORD_HEADER + data.length;
        if (upTo > allocated) {
            int mark = SpaceAhead.markFor(allocated, upTo, capacity);
            allocator.allocate(file, allocated, mark);
            allocated = mark;
        }
        buffer.put(pos + RECORD_HEADER, data);
        crc.reset();
        crc.update(data);
        buffer.putInt(pos + 4, (int) crc.getValue());
        buffer.putInt(pos, data.length);
        remember(pos);
        end = pos + RECORD_HEADER + data.length;
    }

    int count() {
        return count;
    }

    /** The bytes of this segment's {@code i}-th record. */
    byte[] read(int i) {
        int pos = positions[i];
        byte[] data = new byte[buffer.getInt(pos)];
        buffer.get(pos + RECORD_HEADER, data);
        return data;
    }

    /** Drops the records from the {@code i}-th on, wiping their bytes so no scan finds them again. */
    void truncate(int i) {
        int from = positions[i];
        int to = end;
        zero(from, to);
        count = i;
        end = from;
        syncedTo = Math.min(syncedTo, from);
        // all of it: the records dropped must not come back after a power loss that kept a later
        // page of them, once new records have been written up to them
        buffer.force(from, Math.max(Math.min(capacity, from + RECORD_HEADER), to) - from);
    }

    private void zero(int from, int to) {
        int p = from;
        for (; p < to && (p & 7) != 0; p++) {
            buffer.put(p, (byte) 0);
        }
        for (; p + 8 <= to; p += 8) {
            buffer.putLong(p, 0L);
        }
        for (; p < to; p++) {
            buffer.put(p, (byte) 0);
        }
    }

    /** Bytes appended and not yet forced ({@link #force}). */
    int unforced() {
        return end - Math.min(syncedTo, end);
    }

    /**
     * Forces what was written since the last force to storage. Under the log's sync lock only;
     * {@code end} is read once, so records published before the call are covered.
     */
    void force() {
        int to = end;
        int from = Math.min(syncedTo, to);
        if (to > from) {
            buffer.force(from, to - from);
        }
        syncedTo = to;
    }
}
