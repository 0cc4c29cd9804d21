package org.mlos.bridge.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.mlos.bridge.api.BridgeProperties;
import org.mlos.bridge.api.FileInfo;
import org.mlos.bridge.api.HostFileException;
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

    /** Above it a file would not fit one remote reply frame (64 MiB) with room to spare. */
    static final long MAX_LIMIT = 48L << 20;
    static final long DEFAULT_LIMIT = 16L << 20;
    /** Names of the files a write fills before it moves them in place; never listed. */
    static final String PARTIAL = ".mlos-partial-";

    private static final StripedLocks APPENDING = new StripedLocks(64);

    private HostPaths paths;
    private long limit;

    /** For OSGi. */
    public DiskFiles() {
    }

    /** For tests and embedders without Declarative Services. */
    public DiskFiles(Path root, long limit) throws IOException {
        this.paths = new HostPaths(root);
        this.limit = limit;
    }

    @Activate
    void activate(BundleContext context) throws IOException {
        Settings settings = Settings.of(context);
        this.paths = new HostPaths(Path.of(settings.text(BridgeProperties.ROOT, defaultRoot())));
        this.limit = settings.number(BridgeProperties.FILE_MAX_BYTES, DEFAULT_LIMIT, 0, MAX_LIMIT);
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
            if (Files.isDirectory(p)) {
                throw HostPaths.refused(path, "it is a folder; list it instead");
            }
            long size = Files.size(p);
            if (size > limit) {
                throw HostPaths.refused(path, "it holds " + size + " bytes, over this host's limit of " + limit + " ("
                        + BridgeProperties.FILE_MAX_BYTES + ")");
            }
            return Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new HostFileNotFoundException("no file at '" + path + "'");
        } catch (IOException e) {
            throw failed("read", path, e);
        }
    }

    /** The file a write or an append of {@code data} goes to, or why not. */
    private Path checkedTarget(String path, byte[] data) {
        Path p = paths.resolve(path, false);
        if (data == null) {
            throw HostPaths.refused(path, "no bytes given (give an empty array for none)");
        }
        if (data.length > limit) {
            throw HostPaths.refused(path, data.length + " bytes are over this host's limit of " + limit + " ("
                    + BridgeProperties.FILE_MAX_BYTES + ")");
        }
        if (p.getFileName().toString().startsWith(PARTIAL)) {
            throw HostPaths.refused(path, "names starting " + PARTIAL + " are the bridge's own, for writes under way");
        }
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw HostPaths.refused(path, "it is a folder");
        }
        return p;
    }

    @Override
    public void write(String path, byte[] data) {
        Path p = checkedTarget(path, data);
        Path partial = null;
        try {
            Files.createDirectories(p.getParent());
            partial = Files.createTempFile(p.getParent(), PARTIAL, "");
            Files.write(partial, data);
            try {
                Files.move(partial, p, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, p, StandardCopyOption.REPLACE_EXISTING);
            }
            partial = null;
        } catch (IOException e) {
            throw failed("write", path, e);
        } finally {
            if (partial != null) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // the write failed already and says why; a leftover is skipped by list
                }
            }
        }
    }

    @Override
    public void append(String path, byte[] data) {
        Path p = checkedTarget(path, data);
        // One lock for every instance of the node (each caller node has its own): appends to a file
        // go one at a time, each whole, whatever the size of a single write(2) the kernel makes atomic.
        ReentrantLock lock = APPENDING.lockFor(p);
        lock.lock();
        try (FileChannel ch = openForAppend(p)) {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            throw failed("append to", path, e);
        } finally {
            lock.unlock();
        }
    }

    private static FileChannel openForAppend(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        return FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public boolean delete(String path) {
        Path p = paths.resolve(path, false);
        try {
            return Files.deleteIfExists(p);
        } catch (DirectoryNotEmptyException e) {
            throw HostPaths.refused(path, "it is a folder that is not empty; delete what it holds first");
        } catch (IOException e) {
            throw failed("delete", path, e);
        }
    }

    @Override
    public List<FileInfo> list(String folder) {
        Path p = paths.resolve(folder, true);
        if (!Files.isDirectory(p)) {
            throw Files.exists(p) ? HostPaths.refused(folder, "it is a file, not a folder")
                    : new HostFileNotFoundException("no folder at '" + folder + "'");
        }
        List<FileInfo> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(p)) {
            for (Path child : (Iterable<Path>) s.sorted(Comparator.comparing(Path::getFileName))::iterator) {
                if (!child.getFileName().toString().startsWith(PARTIAL) && inside(child)) {
                    info(child).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw failed("list", folder, e);
        }
        return out;
    }

    @Override
    public Optional<FileInfo> stat(String path) {
        return info(paths.resolve(path, true));
    }

    /** False for a symbolic link leading out of the folder: a listing tells nothing of what is outside. */
    private boolean inside(Path child) {
        try {
            paths.resolve(paths.relative(child), false);
            return true;
        } catch (HostFileException outside) {
            return false;
        }
    }

    private Optional<FileInfo> info(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return Optional.of(new FileInfo(paths.relative(p), a.isDirectory() ? 0 : a.size(),
                    a.lastModifiedTime().toMillis(), a.isDirectory()));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // gone meanwhile, or a link to nothing
        } catch (IOException e) {
            throw failed("stat", paths.relative(p), e);
        }
    }

    private static HostFileException failed(String what, String path, IOException e) {
        return new HostFileException("cannot " + what + " '" + path + "': " + e);
    }
}
