package org.mlos.launcher;

import java.nio.file.Path;

/**
 * Where running nodes put their control sockets ({@code mlos.control.dir}):
 * {@code $MLOS_RUN_DIR}, else {@code <tmp>/mlos-<user>}. Shared by the launcher, which tells the
 * node, and the command line, which looks for nodes there.
 */
public final class ControlDir {

    private ControlDir() {
    }

    public static Path path() {
        String env = System.getenv("MLOS_RUN_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "mlos-" + System.getProperty("user.name"));
    }
}
