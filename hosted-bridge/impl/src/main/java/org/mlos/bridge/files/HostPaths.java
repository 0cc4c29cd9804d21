package org.mlos.bridge.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.mlos.bridge.api.HostFileException;

/**
 * Turns a caller's relative path into a path under the root, or refuses it. The parts are checked
 * by name ({@code ..}, empty, absolute), then the deepest part that exists is followed through any
 * symbolic link and must still be under the root: a link the host's operator (or a command) left
 * in the folder cannot lead a caller out of it. What is then opened is reached by a
 * {@link FolderWalk}, which refuses a link swapped in after this check.
 */
final class HostPaths {

    private final Path root;

    HostPaths(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        this.root = root.toRealPath();
        if (!FolderWalk.supported(this.root)) {
            throw new IOException("this platform cannot open a folder relative to another (no openat), so the bridge"
                    + " cannot keep callers inside " + this.root + " while commands change it; run the bridge on Linux or macOS");
        }
    }

    FolderWalk walk() {
        return new FolderWalk(root);
    }

    /**
     * The real path of {@code p}, links followed, which must be under the root: what a read, a
     * listing or an append goes to. {@link NoSuchFileException} where nothing is there.
     */
    Path realInside(String path, Path p) throws IOException {
        Path real = p.toRealPath();
        if (!real.startsWith(root)) {
            throw refused(path, "it leads out of the host's files folder through a symbolic link");
        }
        return real;
    }

    Path root() {
        return root;
    }

    /** The file or folder at {@code path}; {@code ""} is the root only where {@code rootAllowed}. */
    Path resolve(String path, boolean rootAllowed) {
        if (path == null) {
            throw new HostFileException("no path: give one relative to the host's files folder, e.g. reports/a.txt");
        }
        if (path.isEmpty()) {
            if (rootAllowed) {
                return root;
            }
            throw new HostFileException("an empty path names the files folder itself: give a file's path, e.g. reports/a.txt");
        }
        if (path.startsWith("/")) {
            throw refused(path, "it is absolute; paths are relative to the host's files folder (drop the leading /)");
        }
        if (path.indexOf('\0') >= 0) {
            throw refused(path, "it holds a NUL character");
        }
        Path p = root;
        for (String part : path.split("/", -1)) {
            if (part.isEmpty()) {
                throw refused(path, "it has an empty part (// or a / at its end)");
            }
            if (part.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MOST_NAME_BYTES) {
                // told before the system call: its words ("File name too long") follow the locale
                throw refused(path, "a name in it is longer than the host's file system takes (" + MOST_NAME_BYTES
                        + " bytes)");
            }
            if (part.equals(".") || part.equals("..")) {
                throw refused(path, "it has a . or .. part; name the file from the files folder down");
            }
            p = p.resolve(part);
        }
        String out = FolderLinks.leadingOut(root, p);
        if (out != null) {
            throw refused(path, out);
        }
        return p;
    }

    /** {@code p} as callers name it: relative to the root, parts joined by {@code /}. */
    String relative(Path p) {
        return root.relativize(p).toString();
    }

    /** The longest name Linux file systems take (NAME_MAX), in bytes. */
    static final int MOST_NAME_BYTES = 255;

    static HostFileException refused(String path, String why) {
        return new HostFileException("path '" + path + "' refused: " + why);
    }
}
