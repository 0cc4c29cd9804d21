package org.mlos.fault.durable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The durable store's folder is readable by the node's user only (0700): it holds every item in
 * the clear, and its files are made as the journal's libraries make them (0644), which the host's
 * other users could read (an outsider did).
 */
final class StoreFolder {

    private static final Set<PosixFilePermission> OWNER = PosixFilePermissions.fromString("rwx------");

    private StoreFolder() {
    }

    /** Makes {@code dir}, and any folder above it that is missing, 0700, and makes an existing {@code dir} so. */
    static void ownerOnly(Path dir) {
        try {
            if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectories(dir);
                return;
            }
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER));
            Files.setPosixFilePermissions(dir, OWNER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the durable store's folder " + dir, e);
        }
    }
}
