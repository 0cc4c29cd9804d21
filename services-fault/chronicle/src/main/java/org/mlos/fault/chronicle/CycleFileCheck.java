package org.mlos.fault.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.RollCycle;
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
    /** What a cycle file set aside at an open is renamed with: Chronicle lists only names ending in its suffix. */
    static final String SET_ASIDE = ".headerless";

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
        try {
            return firstDamage(cycleFiles(dir));
        } catch (IOException e) {
            return "its folder cannot be listed (" + e + ")";
        }
    }

    /**
     * Before the queue opens: the newest cycle files without their header (a node killed as it
     * made one, a disk that refused it) are renamed with {@value #SET_ASIDE}, each said in a
     * WARNING with its size and whether records could have been lost, and the cycle of the newest
     * is returned (-1: none), for the next append to make it anew. Chronicle waited for their
     * header 10 s twice at each open (21.9 s), then read the folder without that cycle, silently.
     *
     * @throws UncheckedIOException naming an older cycle file without its header: the cycles after
     *         it count their indexes on from its records, so it cannot go without misnumbering theirs
     */
    static int setAsideHeaderless(Path dir, RollCycle rollCycle, System.Logger log) {
        List<Path> files;
        try {
            files = new ArrayList<>(cycleFiles(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the chronicle journal folder " + dir, e);
        }
        int newest = -1;
        while (!files.isEmpty() && headerless(files.get(files.size() - 1))) {
            Path f = files.remove(files.size() - 1);
            newest = Math.max(newest, cycleOf(f, rollCycle));
            setAside(f, log);
        }
        String older = firstDamage(files);
        if (older != null) {
            throw new UncheckedIOException("the chronicle journal in " + dir + " cannot open: " + older + ", and the cycle"
                    + " files after it number their records on from its own, so it cannot be left out without giving"
                    + " theirs other indexes; restore the folder from a backup, or move it away to start empty",
                    new IOException(older));
        }
        return newest;
    }

    private static void setAside(Path f, System.Logger log) {
        long size;
        boolean blank;
        try {
            size = Files.size(f);
            blank = allZeroes(f);
        } catch (IOException e) {
            size = -1;
            blank = false;
        }
        Path aside = f.resolveSibling(f.getFileName() + SET_ASIDE);
        for (int n = 2; Files.exists(aside); n++) {
            aside = f.resolveSibling(f.getFileName() + SET_ASIDE + "-" + n);
        }
        try {
            Files.move(f, aside);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the chronicle cycle file " + f + ", which has no header", e);
        }
        String lost = blank
                ? "it held no record (nothing but zeroes: made as the node was killed or the disk refused it), so no record was lost"
                : "it may have held records, and they are lost: the journal goes on from the end of the cycle file before it,"
                        + " and a durable store's recovery says whether its checkpoint had gone past that end";
        log.log(System.Logger.Level.WARNING, "chronicle cycle file " + f + " (" + size + " bytes) has no header; set aside as "
                + aside + " so that the journal opens without waiting for it (Chronicle waits 10 s twice for another"
                + " process to write a header): " + lost + ". Keep the file for a look at the disk (dmesg, SMART) if it"
                + " held bytes; delete it once done");
    }

    private static boolean allZeroes(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            for (long at = 0; ch.read(b.clear(), at) > 0; at += b.position()) {
                for (int i = 0; i < b.position(); i++) {
                    if (b.get(i) != 0) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private static String firstDamage(List<Path> files) {
        for (Path f : files) {
            String damage = damage(f);
            if (damage != null) {
                return damage;
            }
        }
        return null;
    }

    /** Cycle file names are dates of a fixed width: sorted by name, they are sorted by cycle. */
    private static List<Path> cycleFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX)).sorted().toList();
        }
    }

    /** The cycle a file of a daily cycle (the journal's) is named for. */
    private static int cycleOf(Path f, RollCycle rollCycle) {
        String name = f.getFileName().toString();
        LocalDate day = LocalDate.parse(name.substring(0, name.length() - SingleChronicleQueue.SUFFIX.length()),
                DateTimeFormatter.ofPattern(rollCycle.format()));
        return (int) (day.toEpochDay() * 86_400_000L / rollCycle.lengthInMillis());
    }

    /** Whether {@code f} lacks its first header; one that cannot be read is not set aside, but refused as damaged. */
    private static boolean headerless(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return ch.size() < LEAST || firstWord(ch) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static int firstWord(FileChannel ch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        while (header.hasRemaining() && ch.read(header, header.position()) >= 0) {
            // the first header's word
        }
        return header.getInt(0);
    }

    /** What is wrong with the start of cycle file {@code f}, or null if it has its header. */
    private static String damage(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < LEAST) {
                return "chronicle's cycle file " + f + " holds " + size + " bytes, not even its header";
            }
            if (firstWord(ch) == 0) {
                return "chronicle's cycle file " + f + " has no header (" + size + " bytes, zeroes where it starts)";
            }
            return null;
        } catch (IOException e) {
            return "chronicle's cycle file " + f + " cannot be read (" + e + ")";
        }
    }
}
