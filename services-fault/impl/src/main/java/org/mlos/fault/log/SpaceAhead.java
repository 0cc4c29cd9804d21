package org.mlos.fault.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Gives a segment file its disk blocks ahead of the records written into its mapping. Mapping a
 * file sizes it sparse, with no blocks behind it, so on a full disk the write of a record into
 * the mapping faulted (SIGBUS, the JVM's {@code InternalError: a fault occurred in an unsafe
 * memory access operation}). Once the append was JIT-compiled that error came at a later
 * safepoint poll, after the log had counted the record: a refused append used an index and left a
 * hole of zeroes, which the next open took for a torn record, setting aside every record after it.
 * Zeroes written through the file's channel, a {@link #CHUNK} ahead of the last record, make the
 * file system take the blocks in a call that can fail: a full disk is an {@link IOException}
 * ("No space left on device") thrown by the append before anything moved.
 *
 * <p>The trade-off: every byte of a segment is written twice into the page cache (zeroes, then the
 * record), one channel write of a chunk per chunk of records: measured on ext4 (a loaded 2-core
 * machine, 1,000,000 appends of 100 bytes, 64 MB segments), 1.0 allocation per MB of records,
 * 0.3 to 1.3 ms each, where the mapped write would otherwise have taken the blocks page by page;
 * the appends took 630 to 860 ns each against 560 to 700 without. The append that crosses a chunk
 * waits for that write. Write-back usually finds the record already over the zeroes; at worst
 * (write-back between the two, or the chunk ahead left unused when a segment is sealed) the disk
 * sees a chunk's zeroes it need not have. On a copy-on-write
 * file system (btrfs, ZFS), or one that turns zeroes into holes (compression), blocks written once
 * are no promise for the next write: there the mapped write can still fault, and the log's
 * {@code InternalError} handling is the last resort.
 */
final class SpaceAhead {

    /** How far ahead of the last record a segment's blocks are taken: 1 MB, one allocation per MB of records. */
    static final int CHUNK = 1 << 20;
    private static final int PAGE = 4096;
    /** Read only: duplicated for each write, so appends to segments of several logs share it. */
    private static final ByteBuffer ZEROES = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();

    /** Takes the blocks of {@code [from, to)} of a segment file, which holds zeroes there; fails as the disk does. */
    @FunctionalInterface
    interface Allocator {
        void allocate(Path file, long from, long to) throws IOException;
    }

    /** Zeroes written through the file's channel: the file system takes (or refuses) the blocks at once. */
    static final Allocator WRITTEN_ZEROES = SpaceAhead::writeZeroes;

    private SpaceAhead() {
    }

    /**
     * Where a segment's allocated mark goes for a write up to {@code upTo}: a whole chunk past the
     * mark, or past {@code upTo} for a record larger than a chunk, on a page bound, within the file.
     */
    static int markFor(int allocated, int upTo, int capacity) {
        long ahead = Math.max((long) allocated + CHUNK, upTo);
        long paged = (ahead + PAGE - 1) / PAGE * PAGE;
        return (int) Math.min(capacity, paged);
    }

    private static void writeZeroes(Path file, long from, long to) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long at = from;
            while (at < to) {
                ByteBuffer zeroes = ZEROES.duplicate();
                zeroes.limit((int) Math.min(zeroes.capacity(), to - at));
                at += ch.write(zeroes, at);
            }
        }
    }
}
