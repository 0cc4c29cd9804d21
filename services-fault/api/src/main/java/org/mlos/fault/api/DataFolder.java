package org.mlos.fault.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The folders fault services keep data in (a durable store's, a journal's) are readable by the
 * node's user only (0700): they hold items and records in the clear, and their files are made as
 * the libraries writing them make them (0644), which the host's other users could read (an
 * outsider did). The folder is the one gate: files in it are left as made. (The control socket's
 * folder is stricter, refusing links and folders of other users: {@code org.mlos.core.osgi.PrivateFolder}.)
 */
public final class DataFolder {

    private static final Set<PosixFilePermission> OWNER = PosixFilePermissions.fromString("rwx------");

    private DataFolder() {
    }

    /**
     * Makes {@code dir}, and any folder above it that is missing, 0700, and makes an existing
     * {@code dir} so; folders above it that exist are left as they are (an operator's). On a file
     * system without POSIX permissions it only makes the folders.
     */
    public static void ownerOnly(Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(dir);
            return;
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER));
        Files.setPosixFilePermissions(dir, OWNER);
    }
}
