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
 */
final class FormatMark {

    static final String NAME = "mlos-format";
    static final String CURRENT = "chronicle-journal 2";

    private FormatMark() {
    }

    /** Refuses a folder written in another layout; marks a new or empty folder as the current one. */
    static void checkAndMark(Path dir) {
        Path mark = dir.resolve(NAME);
        try {
            if (Files.exists(mark)) {
                String found = Files.readString(mark).trim();
                if (!found.equals(CURRENT)) {
                    throw new IllegalStateException("the chronicle journal in " + dir + " is in the layout '" + found
                            + "'; this build reads '" + CURRENT + "' only: open it with the build that wrote it, or move the"
                            + " folder away to start an empty journal");
                }
                return;
            }
            if (hasCycles(dir)) {
                throw new IllegalStateException("the chronicle journal in " + dir + " was written by an earlier build (its"
                        + " excerpts carry the journal index in front of a cycle's first record; no " + NAME + " file), which"
                        + " this build cannot read correctly: replay it with the build that wrote it (its store's checkpoint"
                        + " and journal), or move the folder away to start an empty journal");
            }
            Files.writeString(mark, CURRENT + "\n");
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
