package org.mlos.launcher.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A detached node's log is named by its slot ({@code mlos-cache-2.log}), and slots are reused: after
 * {@code mlos scale cache -1} and {@code +1} the new node is {@code cache-2} again, and so is every
 * node of the next {@code mlos cluster up}. A new node's log must not overwrite the last one's (the
 * drained node's story was lost), nor be appended to it (the new node's reader would take the old
 * node's ready line for its own), so the old one moves aside: {@code .1}, the one before to
 * {@code .2}, up to {@value #KEPT}.
 */
final class NodeLogs {

    /** Earlier logs kept per slot: enough to follow a few scale-ins and restarts, bounded in a shared folder. */
    static final int KEPT = 5;

    private NodeLogs() {
    }

    /** Moves an existing non-empty {@code log} to {@code log.1}, shifting earlier ones up and dropping the oldest. */
    static void rotate(Path log) throws IOException {
        if (!Files.isRegularFile(log) || Files.size(log) == 0) {
            return;
        }
        Files.deleteIfExists(generation(log, KEPT));
        for (int i = KEPT - 1; i >= 1; i--) {
            Path older = generation(log, i);
            if (Files.exists(older)) {
                Files.move(older, generation(log, i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(log, generation(log, 1), StandardCopyOption.REPLACE_EXISTING);
    }

    static Path generation(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }
}
