package org.mlos.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Where running nodes put their control sockets ({@code mlos.control.dir}) and {@code mlos
 * cluster up} its logs: {@code $MLOS_RUN_DIR}, else {@code $XDG_RUNTIME_DIR/mlos} (a folder only
 * its user can enter), else {@code <tmp>/mlos-<user>}. Shared by the launcher, which tells the
 * node, and the command line, which looks for nodes there. {@link #prepare} makes it 0700 and
 * refuses one another user owns: in a shared temp folder, anyone can create a folder by our name
 * first.
 */
public final class ControlDir {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private ControlDir() {
    }

    public static Path path() {
        String env = System.getenv("MLOS_RUN_DIR");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
            return Path.of(runtime, "mlos");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "mlos-" + System.getProperty("user.name"));
    }

    /** The folder, created 0700 if missing; refused if another user owns it, tightened to 0700 if it is ours. */
    public static Path prepare() throws IOException {
        return prepare(path());
    }

    static Path prepare(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a folder (a link, or a file); the control sockets cannot go there");
        }
        UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
        if (!owner.getName().equals(System.getProperty("user.name"))) {
            throw new IOException(dir + " belongs to " + owner.getName() + ", not to " + System.getProperty("user.name")
                    + "; remove it or set MLOS_RUN_DIR to a folder of your own");
        }
        if (!Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
        return dir;
    }
}
