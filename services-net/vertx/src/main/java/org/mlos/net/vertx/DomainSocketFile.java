package org.mlos.net.vertx;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The file of a unix domain socket a listener binds (memcached's {@code -s}), and its mode
 * (memcached's {@code -a}).
 *
 * <p>memcached sets its umask before it binds, so the socket is never reachable under another
 * mode. A JVM cannot change its umask safely (it is the whole process's), so the socket is bound
 * under a hidden name beside the path, given its mode, and only then renamed to the path: a
 * client that connects by the path finds it with its mode set. Where the hidden name would be
 * longer than a socket path may be, the socket is bound at the path and its mode set right after;
 * meanwhile it has the mode the process's umask gives (with the usual 022, only its owner may
 * connect: connecting takes write permission).
 */
final class DomainSocketFile {

    /** sun_path holds 108 bytes with the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final Path bindAt;
    /** The bound socket's inode, once it is at {@link #path}: only that file is removed at close. */
    private Object fileKey;

    private DomainSocketFile(Path path, Path bindAt) {
        this.path = path;
        this.bindAt = bindAt;
    }

    /**
     * Checks that a socket can be made at {@code socket} and clears a stale one (left by a server
     * that died: nothing accepts on it). Refuses any other file there, and a socket a server still
     * listens on, rather than take it over as memcached would.
     */
    static DomainSocketFile prepare(Path socket, int mode) throws IOException {
        if ((mode & ~0777) != 0) {
            throw new IOException("a unix socket's mode is permission bits from 0 to 0777, got 0"
                    + Integer.toOctalString(mode));
        }
        Path path = socket.toAbsolutePath().normalize();
        if (bytes(path) > MAX_PATH_BYTES) {
            throw new IOException("cannot listen on unix socket " + path + ": its path is " + bytes(path)
                    + " bytes, and a unix socket's path is at most " + MAX_PATH_BYTES + "; choose a shorter one");
        }
        Path folder = path.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            throw new IOException("cannot listen on unix socket " + path + ": there is no folder " + folder
                    + "; create it first (systemd: RuntimeDirectory=)");
        }
        if (!Files.isWritable(folder)) {
            throw new IOException("cannot listen on unix socket " + path + ": this user cannot create files in "
                    + folder + "; give it write permission there, or choose another folder");
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            clearStale(path);
        }
        Path hidden = folder.resolve("." + path.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL));
        return new DomainSocketFile(path, bytes(hidden) <= MAX_PATH_BYTES ? hidden : path);
    }

    private static void clearStale(Path path) throws IOException {
        if (!isSocket(path)) {
            throw new IOException("cannot listen on unix socket " + path + ": "
                    + (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "a folder" : "a file that is not a socket")
                    + " is there; choose another path, or remove it (only a socket left by a stopped server is replaced)");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IOException("cannot listen on unix socket " + path + ": another server listens on it; stop that"
                    + " server, or choose another path");
        } catch (java.net.SocketException nobodyListens) { // refused: no server accepts there
            Files.deleteIfExists(path); // left by a server that stopped without removing it
        }
    }

    static boolean isSocket(Path path) throws IOException {
        try {
            int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return (mode & S_IFMT) == S_IFSOCK;
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isOther(); // neither file, folder nor link: a socket, a pipe or a device
        }
    }

    private static int bytes(Path p) {
        return p.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Where the servers bind: the hidden name, or the path itself. */
    Path bindAt() {
        return bindAt;
    }

    Path path() {
        return path;
    }

    /** Gives the bound socket its mode, then its name. On failure the caller closes the servers. */
    void publish(int mode) throws IOException {
        Files.setPosixFilePermissions(bindAt, permissions(mode));
        if (!bindAt.equals(path)) {
            try {
                Files.move(bindAt, path, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot name unix socket " + path + ": " + e.getMessage(), e);
            }
        }
        fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /**
     * Removes the socket file once its servers are closed: the hidden name if it was never renamed
     * (its mode could not be set), the path if it still is the socket bound here (a server
     * started at the path since has its own).
     */
    void remove() {
        try {
            if (!bindAt.equals(path)) {
                Files.deleteIfExists(bindAt);
            }
            if (fileKey != null && Files.exists(path, LinkOption.NOFOLLOW_LINKS) && fileKey.equals(
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
                Files.delete(path);
            }
        } catch (IOException e) {
            System.getLogger(DomainSocketFile.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove unix socket " + path + ": " + e.getMessage());
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }
}
