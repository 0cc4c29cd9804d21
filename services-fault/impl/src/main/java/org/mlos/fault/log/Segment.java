package org.mlos.fault.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
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
    private int[] positions = new int[256];
    private int count;
    private volatile int end = HEADER;
    private volatile int syncedTo = HEADER;

    private Segment(Path file, long firstIndex, MappedByteBuffer buffer) {
        this.file = file;
        this.firstIndex = firstIndex;
        this.buffer = buffer;
        this.capacity = buffer.capacity();
    }

    /**
     * A new, empty segment file of {@code size} bytes, its header forced. If it cannot be made
     * whole (disk full, a failed map), the file goes again: a file left behind would take the
     * name the next attempt needs, and every later append would fail until a restart.
     */
    static Segment create(Path file, long firstIndex, int size) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try (ch) {
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            b.putInt(0, MAGIC);
            b.putInt(4, VERSION);
            b.putLong(8, firstIndex);
            b.force(0, HEADER);
            ch.force(true);
            return new Segment(file, firstIndex, b);
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
    static Segment open(Path file, boolean last) throws IOException {
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
            Segment s = new Segment(file, b.getLong(8), b);
            s.scan(last);
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
                break; // the record cut short is wiped with the rest of the tail (wipeTail)
            }
            remember(pos);
            pos += RECORD_HEADER + len;
        }
        end = pos;
    }

    /**
     * Zeroes and forces whatever lies on storage after the last whole record of the last segment.
     * A power loss can lose a page of the tail yet keep later ones: their records, left past the
     * end, would be read again after new records of the same sizes had been written up to them,
     * and replayed after those. Read through the channel, so the check maps nothing into memory.
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
            zero(end, dirtyEnd);
            buffer.force(end, dirtyEnd - end);
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

    /** Writes a record after the last one (the caller checked {@link #fits}); its length goes last. */
    void append(byte[] data, CRC32C crc) {
        int pos = end;
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
