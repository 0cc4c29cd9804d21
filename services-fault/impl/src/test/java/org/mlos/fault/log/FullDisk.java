package org.mlos.fault.log;

import java.io.IOException;
import java.nio.file.Path;

/** The allocation of a segment's blocks as a full disk answers it; otherwise the real one ({@link SpaceAhead}). */
final class FullDisk implements SpaceAhead.Allocator {
    volatile boolean full;
    /** Refuses the first allocation, the third, the fifth …: each refused once, then taken. */
    volatile boolean everyOther;
    private int calls;

    @Override
    public void allocate(Path file, long from, long to) throws IOException {
        if (full || everyOther && calls++ % 2 == 0) {
            throw new IOException("No space left on device");
        }
        SpaceAhead.WRITTEN_ZEROES.allocate(file, from, to);
    }
}
