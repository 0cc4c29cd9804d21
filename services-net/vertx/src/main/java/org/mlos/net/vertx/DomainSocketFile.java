package org.mlos.net.vertx;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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
 * in a folder of its own beside the path ({@code .m<8 hex>/s}, mode 0700: no other user may
 * connect to it or swap it there), given its mode, and only then linked at the path; the folder
 * is then removed. A client that connects by the path finds it with its mode set, and the link
 * fails if anything took the path meanwhile (Netty's bind removes whatever is at the path it
 * binds, so binding there would silently take it over). {@code ss} and {@code lsof} show the
 * address bound, which the kernel keeps: the folder's. Where that address would be longer than a
 * socket path may be, the socket is bound at the path and its mode set right after: meanwhile it
 * has the mode the process's umask gives (with the usual 022 only this user may connect), and a
 * server started there at the same moment is replaced.
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
    /** Another server's socket at the path, linked aside while this listener's channel closes. */
    private Path kept;

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
        return prepare(socket, mode, false);
    }

    /** As above; {@code inPlace}: bind at the path even where the hidden name fits (tests take either). */
    static DomainSocketFile prepare(Path socket, int mode, boolean inPlace) throws IOException {
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
        clearAbandoned(folder);
        Path hidden = folder.resolve(String.format(".m%08x", ThreadLocalRandom.current().nextInt())).resolve("s");
        if (inPlace || bytes(hidden) > MAX_PATH_BYTES) {
            return new DomainSocketFile(path, path);
        }
        // a folder only this user may enter: no one else can connect to the socket in it, or swap it
        Files.createDirectory(hidden.getParent(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                permissions(0700)));
        return new DomainSocketFile(path, hidden);
    }

    /**
     * Removes a socket no server accepts on (the connection is refused: a server that stopped
     * without removing it); refuses anything else: another kind of file, a server that accepts
     * or is too busy to, or a socket this user may not connect to, whose server cannot be told
     * from a dead one.
     */
    private static void clearStale(Path path) throws IOException {
        if (!isSocket(path)) {
            String what = Files.isSymbolicLink(path) ? "a symbolic link" : Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                    ? "a folder" : "a file that is not a socket";
            throw new IOException("cannot listen on unix socket " + path + ": " + what + " is there; choose another path,"
                    + " or remove it (only a socket left by a stopped server is replaced)");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false); // a server that stopped accepting (its backlog full) must not hold the start
            probe.connect(UnixDomainSocketAddress.of(path));
            throw new IOException("cannot listen on unix socket " + path + ": another server listens on it; stop that"
                    + " server, or choose another path");
        } catch (java.net.ConnectException refused) {
            if (!String.valueOf(refused.getMessage()).contains("refused")) {
                throw cannotTell(path, refused);
            }
            Files.deleteIfExists(path); // left by a server that stopped without removing it
        } catch (java.net.SocketException e) {
            if (String.valueOf(e.getMessage()).contains("temporarily unavailable")) { // its backlog is full
                throw new IOException("cannot listen on unix socket " + path + ": another server listens on it (too"
                        + " busy to accept, or stopped); stop that server, or choose another path", e);
            }
            throw cannotTell(path, e);
        }
    }

    /** A private folder's name: {@code .m} and 8 hex digits. */
    private static final java.util.regex.Pattern HIDDEN = java.util.regex.Pattern.compile("\\.m[0-9a-f]{8}");
    /** A private folder younger than this may be another server's, starting now. */
    private static final long ABANDONED_AFTER_MS = 60_000;

    /**
     * Removes the private folders of servers killed between their bind and their link (at most a
     * dead socket in them), this user's and older than a minute: nothing else removes them.
     */
    private static void clearAbandoned(Path folder) {
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(folder,
                p -> HIDDEN.matcher(p.getFileName().toString()).matches())) {
            for (Path hidden : entries) {
                clearIfAbandoned(hidden);
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            System.getLogger(DomainSocketFile.class.getName()).log(System.Logger.Level.DEBUG,
                    () -> "did not look for abandoned socket folders in " + folder + ": " + e.getMessage());
        }
    }

    private static void clearIfAbandoned(Path hidden) {
        try {
            if (!Files.isDirectory(hidden, LinkOption.NOFOLLOW_LINKS)
                    || !System.getProperty("user.name").equals(Files.getOwner(hidden, LinkOption.NOFOLLOW_LINKS).getName())
                    || Files.getLastModifiedTime(hidden, LinkOption.NOFOLLOW_LINKS).toMillis()
                            > System.currentTimeMillis() - ABANDONED_AFTER_MS) {
                return;
            }
            Path socket = hidden.resolve("s");
            if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                clearStale(socket); // refuses, so keeps, a socket a server still accepts on
            }
            Files.delete(hidden); // fails, so keeps, a folder with anything else in it
        } catch (IOException | RuntimeException e) {
            System.getLogger(DomainSocketFile.class.getName()).log(System.Logger.Level.DEBUG,
                    () -> "kept " + hidden + ": " + e.getMessage());
        }
    }

    private static IOException cannotTell(Path path, Exception cannotTell) {
        return new IOException("cannot listen on unix socket " + path + ": cannot tell whether a server listens on it ("
                + cannotTell.getMessage() + "; its owner may be another user); stop that server, or remove the"
                + " socket, or choose another path", cannotTell);
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

    /**
     * Gives the bound socket its mode, then, if it was bound under the hidden name, its path: as a
     * second link, which fails if anything took the path meanwhile (a node started at the same
     * time), where a rename would have replaced it. On failure the caller closes the servers.
     */
    void publish(int mode) throws IOException {
        Files.setPosixFilePermissions(bindAt, permissions(mode));
        if (!bindAt.equals(path)) {
            try {
                Files.createLink(path, bindAt);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new IOException("cannot listen on unix socket " + path + ": another server made its socket there"
                        + " meanwhile (started at the same time?); stop it, or choose another path", e);
            }
            Files.delete(bindAt);
            Files.delete(bindAt.getParent());
        }
        fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /**
     * Before the servers close: the channel bound at the path removes whatever file is there when
     * it closes (Netty's), so a socket another server made at the path since (an operator removed
     * ours and started one there) is linked aside for {@link #remove} to put back.
     */
    void closing() {
        if (!bindAt.equals(path) || fileKey == null || ours()) {
            return;
        }
        try {
            Path aside = path.resolveSibling("." + path.getFileName() + ".kept");
            Files.deleteIfExists(aside);
            Files.createLink(aside, path);
            kept = aside;
        } catch (IOException | UnsupportedOperationException e) {
            System.getLogger(DomainSocketFile.class.getName()).log(System.Logger.Level.WARNING,
                    "another server's socket at " + path + " may go with this listener's: " + e.getMessage());
        }
    }

    /**
     * Once its servers are closed: removes the socket file, the hidden one and its private folder
     * if it was never linked at the path (its mode could not be set, or the path was taken), the
     * path if it still is the socket bound here; puts back another server's socket that
     * {@link #closing} kept.
     */
    void remove() {
        try {
            if (!bindAt.equals(path)) {
                Files.deleteIfExists(bindAt);
                Files.deleteIfExists(bindAt.getParent());
            }
            if (fileKey != null && ours()) {
                Files.delete(path);
            }
            fileKey = null; // a second close must not remove a file that took the inode's number since
            if (kept != null) {
                Files.move(kept, path, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            System.getLogger(DomainSocketFile.class.getName()).log(System.Logger.Level.WARNING,
                    "could not remove unix socket " + path + ": " + e.getMessage());
        }
    }

    /** Whether the file at the path is the socket bound here. */
    private boolean ours() {
        try {
            return Files.exists(path, LinkOption.NOFOLLOW_LINKS) && fileKey.equals(
                    Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey());
        } catch (IOException e) {
            return false;
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
