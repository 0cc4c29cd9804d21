package org.mlos.fault.chronicle;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

import net.openhft.chronicle.bytes.Bytes;

/**
 * The checksum of ours after each record of a chronicle journal (layout 3, {@link FormatMark}):
 * an excerpt is {@code [record][int crc32c of the record]}. Chronicle checks only its own headers,
 * so a byte changed inside a record on disk was replayed as another key or value. A record that
 * fails its check is not handed on, is named once in a WARNING and counted; the ones after it
 * are read as usual, each excerpt being found by Chronicle's own headers, not by ours.
 */
final class RecordCheck {

    static final int BYTES = 4;

    private final Path dir;
    /** A cycle's file, made only to name a damaged record's: formatting its name per record read cost the reads. */
    private final java.util.function.IntFunction<java.io.File> cycleFiles;
    private final boolean checked;
    private final AtomicLong damaged = new AtomicLong();
    /** The indexes already said: a record read again (a tail, a transfer) is not said again. */
    private final Set<Long> said = ConcurrentHashMap.newKeySet();

    RecordCheck(Path dir, java.util.function.IntFunction<java.io.File> cycleFiles, boolean checked) {
        this.dir = dir;
        this.cycleFiles = cycleFiles;
        this.checked = checked;
    }

    /** Whether records are written and read with the checksum (false in a layout-2 folder). */
    boolean checked() {
        return checked;
    }

    /** Writes the record's checksum after it, into the excerpt being made. */
    static void writeAfter(byte[] record, CRC32C crc, Bytes<?> excerpt) {
        crc.reset();
        crc.update(record, 0, record.length);
        excerpt.writeInt((int) crc.getValue());
    }

    /**
     * The record in the excerpt's bytes, or null when its checksum does not match (said and counted).
     *
     * @param cycle    the cycle holding it, and {@code sequence} its place there, for the operator
     */
    byte[] read(Bytes<?> excerpt, long index, int cycle, long sequence) {
        long n = excerpt.readRemaining();
        if (!checked) {
            byte[] data = new byte[(int) n];
            excerpt.read(data);
            return data;
        }
        if (n >= BYTES) {
            byte[] data = new byte[(int) (n - BYTES)];
            excerpt.read(data);
            int stored = excerpt.readInt();
            CRC32C crc = new CRC32C();
            crc.update(data, 0, data.length);
            if ((int) crc.getValue() == stored) {
                return data;
            }
        }
        long count = said.add(index) ? damaged.incrementAndGet() : -1;
        if (count > 0) {
            System.getLogger(ChronicleLog.class.getName()).log(System.Logger.Level.WARNING, "journal record " + index
                    + " in chronicle cycle file " + cycleFiles.apply(cycle) + " (excerpt " + sequence + " of its cycle, " + n
                    + " bytes) fails its checksum: its bytes changed on disk after it was written (a failing disk or"
                    + " memory, or the file edited); it is not replayed, and the records after it are (" + count
                    + " damaged record" + (count == 1 ? "" : "s") + " in " + dir + " so far). A durable store's key"
                    + " written by it holds what the records before it gave (or nothing): check the disk (dmesg, SMART),"
                    + " copy the cycle file aside before retention deletes it, and restore the folder from a backup if"
                    + " that key matters");
        }
        return null;
    }

    /** Records that failed their check since the log opened. */
    long damaged() {
        return damaged.get();
    }
}
