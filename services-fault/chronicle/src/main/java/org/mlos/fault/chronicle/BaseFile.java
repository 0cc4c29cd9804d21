package org.mlos.fault.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code mlos-base-index}: where the journal's indexes start, as {@code <cycle> <index>}: the
 * journal index of the first excerpt of that cycle, or of whichever cycle comes first when the
 * cycle is -1 (an empty journal's, after an import). Written before retention deletes older
 * cycles, by a rename, so a crash leaves either the old or the new line. Absent: 0 from the first.
 */
final class BaseFile {

    static final String NAME = "mlos-base-index";

    /** A cycle (-1: the first there is) and its first journal index. */
    record Base(int cycle, long first) {
    }

    private BaseFile() {
    }

    static Base read(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return new Base(-1, 0);
        }
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            // one number: a file written before the cycle was recorded (an import's start)
            return parts.length == 1 ? new Base(-1, Long.parseLong(parts[0]))
                    : new Base(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the journal's base index file " + file
                    + " is unreadable; restore it or move the folder away to start an empty journal", e);
        }
    }

    static void write(Path dir, int cycle, long first) {
        Path file = dir.resolve(NAME);
        Path tmp = dir.resolve(NAME + ".tmp");
        try {
            Files.writeString(tmp, cycle + " " + first + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal's base index file " + file, e);
        }
    }
}
