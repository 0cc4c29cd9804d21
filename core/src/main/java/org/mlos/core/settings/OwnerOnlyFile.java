package org.mlos.core.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A file holding a secret (a token, the cluster secret, passwords) must be readable by its owner
 * only: the node refuses one that other users can read, rather than serve behind a secret they may
 * already have. Where the file system has no POSIX permissions, nothing is checked.
 */
public final class OwnerOnlyFile {

    private OwnerOnlyFile() {
    }

    /** Whether users other than the owner can read {@code file} (group or others). */
    public static boolean readableByOthers(Path file) throws IOException {
        if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
            return false;
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
    }

    /**
     * @param what what the file holds, e.g. {@code "the metrics token"}
     * @throws IllegalStateException when other users can read it, saying what to do
     */
    public static void require(Path file, String what) throws IOException {
        if (readableByOthers(file)) {
            throw new IllegalStateException(what + " " + file + " is readable by other users; chmod 600 it (and consider it"
                    + " leaked: make a new one)");
        }
    }
}
