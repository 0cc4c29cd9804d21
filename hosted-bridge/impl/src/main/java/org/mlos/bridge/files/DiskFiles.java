package org.mlos.bridge.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

import org.mlos.bridge.api.BridgeProperties;
import org.mlos.bridge.api.FileInfo;
import org.mlos.bridge.api.HostFileException;
import org.mlos.bridge.api.HostFileFailedException;
import org.mlos.bridge.api.HostFileNotFoundException;
import org.mlos.bridge.api.HostFiles;
import org.mlos.core.api.Kernel;
import org.mlos.core.settings.Settings;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;

/**
 * {@link HostFiles} on one folder of this host ({@value BridgeProperties#ROOT}). Prototype-scoped,
 * so the remote kinds bundle can give each calling node an instance of its own; every instance
 * serves the same folder.
 */
@Component(service = HostFiles.class, property = Kernel.IMPL + "=disk", scope = ServiceScope.PROTOTYPE)
public final class DiskFiles implements HostFiles {

    /** Names of the files a write fills before it moves them in place; never listed. */
    static final String PARTIAL = ".mlos-partial-";

    private static final StripedLocks APPENDING = new StripedLocks(64);
    /** Files are the node user's alone: the host's other users see nothing. */
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private HostPaths paths;
    private FolderWalk walk;
    private long limit;

    /** For OSGi. */
    public DiskFiles() {
    }

    /** For tests and embedders without Declarative Services. */
    public DiskFiles(Path root, long limit) throws IOException {
        this.paths = new HostPaths(root);
        this.walk = paths.walk();
        this.limit = limit;
    }

    @Activate
    void activate(BundleContext context) throws IOException {
        Settings settings = Settings.of(context);
        this.paths = new HostPaths(Path.of(settings.text(BridgeProperties.ROOT, defaultRoot())));
        this.walk = paths.walk();
        this.limit = settings.number(BridgeProperties.FILE_MAX_BYTES, BridgeProperties.FILE_MAX_DEFAULT, 0,
                BridgeProperties.FILE_MAX_CEILING);
    }

    /** {@code $XDG_DATA_HOME/mlos/files}, else {@code ~/.local/share/mlos/files}. */
    public static String defaultRoot() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("mlos").resolve("files").toString();
    }

    /** The folder at {@code root}, made (0700) where missing, as an instance serves it: its real path. */
    public static Path folder(Path root) throws IOException {
        return new HostPaths(root).root();
    }

    /** The folder served. */
    public Path root() {
        return paths.root();
    }

    @Override
    public byte[] read(String path) {
        Path p = paths.resolve(path, false);
        try {
            return inFileFolder(path, p, (dir, name) -> {
                long size = plainFile(dir, name, path).size();
                if (size > limit) {
                    throw tooBig(path, size);
                }
                try (SeekableByteChannel ch = open(dir, name)) {
                    byte[] bytes = Channels.newInputStream(ch).readNBytes((int) limit + 1);
                    if (bytes.length > limit) {
                        throw tooBig(path, bytes.length); // it grew since its size was read
                    }
                    return bytes;
                }
            });
        } catch (IOException e) {
            throw failed("read", path, e);
        }
    }

    @Override
    public byte[] readRange(String path, long offset, int length) {
        Path p = paths.resolve(path, false);
        if (offset < 0 || length < 0) {
            throw HostPaths.refused(path, "the offset (" + offset + ") and the length (" + length + ") must be 0 or more");
        }
        int most = (int) Math.min(length, limit); // a longer part is cut: the caller reads on from its end
        try {
            return inFileFolder(path, p, (dir, name) -> {
                plainFile(dir, name, path);
                try (SeekableByteChannel ch = open(dir, name)) {
                    return Channels.newInputStream(ch.position(offset)).readNBytes(most);
                }
            });
        } catch (IOException e) {
            throw failed("read", path, e);
        }
    }

    /** What is done with a file in the folder the walk opened; {@code name} is the file's real name there. */
    private interface InFileFolder<T> {
        T apply(SecureDirectoryStream<Path> dir, Path name) throws IOException;
    }

    /** Runs {@code action} in the folder of the file {@code p} leads to (links inside followed), reached by a walk. */
    private <T> T inFileFolder(String path, Path p, InFileFolder<T> action) throws IOException {
        try {
            Path real = paths.realInside(path, p);
            if (real.equals(paths.root())) {
                throw HostPaths.refused(path, "it is the files folder; list it instead");
            }
            oneName(path, real);
            return walk.in(real.getParent(), dir -> action.apply(dir, real.getFileName()));
        } catch (NoSuchFileException e) {
            throw new HostFileNotFoundException("no file at '" + path + "'");
        }
    }

    /**
     * Refuses a file with other names: a hard link in the folder may be a file outside it (an
     * operator's {@code /etc/passwd}), which no walk can tell from one of the folder's own
     * ({@link FolderLinks#otherNames}, which a command's arguments are held to as well).
     */
    private static void oneName(String path, Path real) throws IOException {
        String why = FolderLinks.otherNames(real);
        if (why != null) {
            throw HostPaths.refused(path, why);
        }
    }

    /** The attributes of a plain file, or why it is none: a pipe would hold the reader, a device serve forever. */
    private static BasicFileAttributes plainFile(SecureDirectoryStream<Path> dir, Path name, String path) throws IOException {
        BasicFileAttributes a = attributes(dir, name);
        if (a.isDirectory()) {
            throw HostPaths.refused(path, "it is a folder; list it instead");
        }
        if (!a.isRegularFile()) {
            throw HostPaths.refused(path, "it is not a plain file (a device, pipe or socket)");
        }
        return a;
    }

    private static SeekableByteChannel open(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** The file a write or an append of {@code data} goes to, or why not. */
    private Path checkedTarget(String path, byte[] data) {
        Path p = paths.resolve(path, false);
        if (data == null) {
            throw HostPaths.refused(path, "no bytes given (give an empty array for none)");
        }
        if (data.length > limit) {
            throw overLimit(path, data.length);
        }
        if (p.getFileName().toString().startsWith(PARTIAL)) {
            throw HostPaths.refused(path, "names starting " + PARTIAL + " are the bridge's own, for writes under way");
        }
        return p;
    }

    /**
     * The real path of the folder {@code p} goes in, made where missing. Folders are made by name:
     * a folder swapped for a link at that moment can get an empty folder made where it leads, but
     * the walk that follows refuses to write through it.
     */
    private Path folderOf(String path, Path p) throws IOException {
        Path parent = p.getParent();
        if (!Files.isDirectory(parent)) {
            Path first = parent;
            while (!Files.isDirectory(first.getParent())) {
                first = first.getParent();
            }
            Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // each folder made, in the one it was made in: the write's own folder is synced after its rename
            for (Path made = parent; !made.equals(first.getParent()); made = made.getParent()) {
                FolderSync.sync(made.getParent());
            }
        }
        return paths.realInside(path, parent);
    }

    @Override
    public void write(String path, byte[] data) {
        Path p = checkedTarget(path, data);
        try {
            walk.in(folderOf(path, p), dir -> {
                replace(dir, p.getFileName(), data, path);
                return null;
            });
        } catch (IOException e) {
            throw failed("write", path, e);
        }
    }

    /** Fills a new file beside {@code name} and renames it over {@code name}: a reader sees the old bytes or the new. */
    private static void replace(SecureDirectoryStream<Path> dir, Path name, byte[] data, String path) throws IOException {
        if (isFolder(dir, name)) {
            throw HostPaths.refused(path, "it is a folder");
        }
        Path partial = Path.of(PARTIAL + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        boolean moved = false;
        try {
            try (SeekableByteChannel ch = dir.newByteChannel(partial,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PRIVATE)) {
                writeAll(ch, data);
                if (ch instanceof FileChannel file) {
                    file.force(false); // on disk before it takes the name: a 204 is not an empty file after a crash
                }
            }
            dir.move(partial, dir, name);
            moved = true;
            FolderSync.sync(dir);
        } finally {
            if (!moved) {
                try {
                    dir.deleteFile(partial);
                } catch (IOException ignored) {
                    // the write failed already and says why; a leftover is skipped by list
                }
            }
        }
    }

    @Override
    public void append(String path, byte[] data) {
        Path p = checkedTarget(path, data);
        try {
            Path folder = folderOf(path, p);
            Path real = Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? paths.realInside(path, p) : folder.resolve(p.getFileName());
            if (Files.exists(real, LinkOption.NOFOLLOW_LINKS)) {
                oneName(path, real);
            }
            // One lock for every instance of the node (each caller node has its own), by the file's
            // real path: appends to a file go one at a time, each whole, whatever the size of a
            // single write(2) the kernel makes atomic, and whatever link inside the folder names it.
            ReentrantLock lock = APPENDING.lockFor(real);
            lock.lock();
            try {
                walk.in(real.getParent(), dir -> {
                    if (isFolder(dir, real.getFileName())) {
                        throw HostPaths.refused(path, "it is a folder");
                    }
                    try (SeekableByteChannel ch = dir.newByteChannel(real.getFileName(), Set.of(StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE, StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS), PRIVATE)) {
                        writeAll(ch, data);
                    }
                    return null;
                });
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            throw failed("append to", path, e);
        }
    }

    @Override
    public boolean delete(String path) {
        Path p = paths.resolve(path, false);
        try {
            return walk.in(paths.realInside(path, p.getParent()), dir -> {
                Path name = p.getFileName();
                if (isFolder(dir, name)) {
                    dir.deleteDirectory(name);
                } else {
                    dir.deleteFile(name); // a link itself, not what it leads to
                }
                return true;
            });
        } catch (NoSuchFileException e) {
            return false;
        } catch (DirectoryNotEmptyException e) {
            throw HostPaths.refused(path, "it is a folder that is not empty; delete what it holds first");
        } catch (IOException e) {
            throw failed("delete", path, e);
        }
    }

    @Override
    public List<FileInfo> list(String folder) {
        Path p = paths.resolve(folder, true);
        try {
            Path real = paths.realInside(folder, p);
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                throw HostPaths.refused(folder, "it is a file, not a folder");
            }
            List<FileInfo> out = new ArrayList<>();
            walk.in(real, dir -> {
                for (Path entry : dir) {
                    Path name = entry.getFileName();
                    if (!name.toString().startsWith(PARTIAL)) {
                        entryInfo(dir, real, p.resolve(name)).ifPresent(out::add);
                    }
                }
                return null;
            });
            out.sort(Comparator.comparing(FileInfo::path));
            return out;
        } catch (NoSuchFileException e) {
            throw new HostFileNotFoundException("no folder at '" + folder + "'");
        } catch (IOException e) {
            throw failed("list", folder, e);
        }
    }

    /** A listed entry; a symbolic link is told by what it leads to, and left out where that is outside the folder. */
    private Optional<FileInfo> entryInfo(SecureDirectoryStream<Path> dir, Path realFolder, Path named) throws IOException {
        try {
            BasicFileAttributes a = attributes(dir, named.getFileName());
            if (a.isSymbolicLink()) {
                Path target = realFolder.resolve(named.getFileName()).toRealPath();
                if (!target.startsWith(paths.root())) {
                    return Optional.empty(); // a listing tells nothing of what is outside
                }
                a = attributesOf(target);
            }
            return Optional.of(info(named, a));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // gone meanwhile, or a link to nothing
        }
    }

    @Override
    public Optional<FileInfo> stat(String path) {
        Path p = paths.resolve(path, true);
        try {
            return Optional.of(info(p, attributesOf(paths.realInside(path, p))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failed("stat", path, e);
        }
    }

    /** The attributes of {@code real}, a real path under the root, reached by a walk. */
    private BasicFileAttributes attributesOf(Path real) throws IOException {
        if (real.equals(paths.root())) {
            return walk.in(real, dir -> dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes());
        }
        return walk.in(real.getParent(), dir -> attributes(dir, real.getFileName()));
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
    }

    private static boolean isFolder(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        try {
            return attributes(dir, name).isDirectory();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private FileInfo info(Path named, BasicFileAttributes a) {
        return new FileInfo(paths.relative(named), a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toMillis(), a.isDirectory());
    }

    private static void writeAll(SeekableByteChannel ch, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private HostFileException overLimit(String path, long size) {
        return HostPaths.refused(path, size + " bytes are over this host's limit of " + limit + " ("
                + BridgeProperties.FILE_MAX_BYTES + ")");
    }

    private HostFileException tooBig(String path, long size) {
        return HostPaths.refused(path, size + " bytes are over this host's limit of " + limit + " ("
                + BridgeProperties.FILE_MAX_BYTES + "): read it in parts (readRange, or HTTP with Range: bytes=0-"
                + (limit - 1) + ")");
    }

    /**
     * Why the host could not: a folder that changed under the walk is the caller's race (400);
     * anything else is the host's (500), told by its reason alone, since the exception's text
     * holds the host's absolute paths.
     */
    private static HostFileException failed(String what, String path, IOException e) {
        if (e instanceof FolderWalk.Changed changed) {
            return HostPaths.refused(path, changed.getReason());
        }
        String reason = e instanceof FileSystemException f ? f.getReason() : null;
        // the system's words (strerror) where Java has no type of its own: ENOTDIR from a real-path
        // look-up, ENAMETOOLONG; told as the request's fault, as they are (they were 500s)
        if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException || "Not a directory".equals(reason)) {
            return HostPaths.refused(path, "a part of it is a file, not a folder");
        }
        if ("File name too long".equals(reason)) {
            return HostPaths.refused(path, "a name in it is longer than the host's file system takes (255 bytes on most)");
        }
        String why = reason != null ? reason : e.getClass().getSimpleName();
        return new HostFileFailedException("the host cannot " + what + " '" + path + "': " + why);
    }
}
