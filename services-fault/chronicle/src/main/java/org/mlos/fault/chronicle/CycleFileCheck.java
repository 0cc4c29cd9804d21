package org.mlos.fault.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Whether every cycle file of a chronicle journal still starts with Chronicle's first header. A
 * cycle file the disk lost (full, failing: cut short, or made without room for its header) is
 * not refused by Chronicle: a tailer that meets it waits for another process to write the header,
 * its timeout of 10 s, twice for the last index, and then fails an {@code assert} of its own. A
 * swap from {@code chronicle} to {@code segments} away from such a disk held its callers 21.8 s
 * and rolled back saying only {@code AssertionError}. Looked at before a tailer is made, it is
 * said at once as the disk's fault, naming the file.
 */
final class CycleFileCheck {

    /** The least a cycle file holds: Chronicle's first header and a little of what it heads. */
    private static final int LEAST = 8;

    private CycleFileCheck() {
    }

    /**
     * @throws UncheckedIOException saying {@code the disk holding <dir> is full or failing}, naming
     *         the first cycle file without its header
     */
    static void wholeOrRefuse(Path dir) {
        String damage = firstDamage(dir);
        if (damage != null) {
            throw new UncheckedIOException("the disk holding " + dir + " is full or failing: " + damage
                    + "; the records of that cycle cannot be read. Free the disk or move the journal to a sound one;"
                    + " the other cycle files keep their records", new IOException(damage));
        }
    }

    /** The first cycle file without its first header, said, or null if all have theirs. */
    static String firstDamage(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            return "its folder cannot be listed (" + e + ")";
        }
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size < LEAST) {
                    return "chronicle's cycle file " + f + " holds " + size + " bytes, not even its header";
                }
                ByteBuffer header = ByteBuffer.allocate(4);
                while (header.hasRemaining() && ch.read(header, header.position()) >= 0) {
                    // the first header's word
                }
                if (header.getInt(0) == 0) {
                    return "chronicle's cycle file " + f + " has no header (" + size + " bytes, zeroes where it starts)";
                }
            } catch (IOException e) {
                return "chronicle's cycle file " + f + " cannot be read (" + e + ")";
            }
        }
        return null;
    }
}
