package org.mlos.bridge.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;

/**
 * Opens a folder under the root by walking down from the root one part at a time, each part
 * opened relative to the one before and never through a symbolic link ({@code openat} with
 * {@code O_NOFOLLOW}). {@link HostPaths} checks where a path leads by name; between that check and
 * the open, a command (an allowed {@code ln}, a {@code tar} unpacking links) may swap a folder for
 * a link leading out. A walk that meets such a link fails instead of following it, so what is
 * opened is what was checked.
 */
final class FolderWalk {

    /** What is done in the folder reached; {@code dir} is open only for the call. */
    interface InFolder<T> {
        T apply(SecureDirectoryStream<Path> dir) throws IOException;
    }

    /** A part of the path was no longer what was checked when the walk came to it. */
    static final class Changed extends FileSystemException {

        private static final long serialVersionUID = 1L;

        Changed(String path, String reason) {
            super(path, null, "changed while it was opened (a part is no longer a folder, or became a symbolic link): " + reason);
        }
    }

    private final Path root;

    FolderWalk(Path root) {
        this.root = root;
    }

    /** True where this platform opens folders relative to each other (Linux, macOS). */
    static boolean supported(Path root) throws IOException {
        try (DirectoryStream<Path> d = java.nio.file.Files.newDirectoryStream(root)) {
            return d instanceof SecureDirectoryStream;
        }
    }

    private static boolean plainFile(SecureDirectoryStream<Path> dir, Path part) {
        try {
            return dir.getFileAttributeView(part, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes().isRegularFile();
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Runs {@code action} in the folder {@code real}, a real path (no links, no {@code ..}) under
     * the root. A part that is no longer a folder, or became a link, fails the walk.
     */
    <T> T in(Path real, InFolder<T> action) throws IOException {
        SecureDirectoryStream<Path> dir = (SecureDirectoryStream<Path>) java.nio.file.Files.newDirectoryStream(root);
        try {
            for (Path part : root.relativize(real)) {
                if (part.toString().isEmpty()) {
                    continue; // real is the root itself
                }
                SecureDirectoryStream<Path> next;
                try {
                    next = dir.newDirectoryStream(part, LinkOption.NOFOLLOW_LINKS);
                } catch (FileSystemException e) {
                    if (plainFile(dir, part)) { // not changed: the path names a file as a folder (a/photo.png/x)
                        throw new java.nio.file.NotDirectoryException(root.relativize(real).toString());
                    }
                    throw new Changed(root.relativize(real).toString(), e.getReason());
                }
                dir.close();
                dir = next;
            }
            return action.apply(dir);
        } finally {
            dir.close();
        }
    }
}
