package org.mlos.fault.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * {@code mlos-format}: which layout of excerpts a chronicle journal's folder holds. The first
 * layout (until per-thread appenders) put the journal index in front of a cycle's first excerpt;
 * the current one writes the record alone. Read with the other layout's rules, every record of a
 * folder would come back shifted or misnumbered, and a durable store would replay garbage; so a
 * folder with cycles and no mark is refused, naming the way out, instead of being misread.
 *
 * <p>Layout 3 puts a CRC32C of ours after each record ({@link RecordCheck}). A layout-2 folder is
 * still read and written as before, unchecked, until it is emptied (a reset: a swap into it):
 * refusing it would stop a node whose durable store it holds at its next start, and
 * its records are as readable as ever; it only lacks the check, which the open says.
 */
final class FormatMark {

    static final String NAME = "mlos-format";
    static final String CURRENT = "chronicle-journal 3";
    /** The layout before records carried a checksum: read and written unchecked. */
    static final String UNCHECKED = "chronicle-journal 2";

    private FormatMark() {
    }

    /**
     * Refuses a folder written in a layout this build cannot read; marks a new or empty folder as
     * the current one. Whether its records carry a checksum: false for a layout-2 folder.
     */
    static boolean checkAndMark(Path dir) {
        Path mark = dir.resolve(NAME);
        try {
            if (Files.exists(mark)) {
                String found = Files.readString(mark).trim();
                if (found.equals(UNCHECKED)) {
                    System.getLogger(ChronicleLog.class.getName()).log(System.Logger.Level.WARNING, "the chronicle journal in "
                            + dir + " was written before its records carried a checksum (layout '" + UNCHECKED + "'): it is read"
                            + " and written as before, its records unchecked, so a byte changed on disk would be replayed as"
                            + " written; it starts checked once emptied (the node's Journal swapped to segments and back)");
                    return false;
                }
                if (!found.equals(CURRENT)) {
                    throw new IllegalStateException("the chronicle journal in " + dir + " is in the layout '" + found
                            + "'; this build reads '" + CURRENT + "' and '" + UNCHECKED + "' only: open it with the build that wrote it, or move the"
                            + " folder away to start an empty journal");
                }
                return true;
            }
            if (hasCycles(dir)) {
                throw new IllegalStateException("the chronicle journal in " + dir + " was written by an earlier build (its"
                        + " excerpts carry the journal index in front of a cycle's first record; no " + NAME + " file), which"
                        + " this build cannot read correctly: replay it with the build that wrote it (its store's checkpoint"
                        + " and journal), or move the folder away to start an empty journal");
            }
            Files.writeString(mark, CURRENT + "\n");
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the journal's format mark " + mark, e);
        }
    }

    private static boolean hasCycles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(SingleChronicleQueue.SUFFIX));
        }
    }
}
