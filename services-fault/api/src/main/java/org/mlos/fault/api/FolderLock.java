package org.mlos.fault.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock a journal holds on its folder while it is open: an operating-system lock on
 * {@code <folder>/.lock}, with the holder's pid written in the file. Two nodes given one folder
 * each opened its journal and wrote over (or, on Chronicle, replayed) the other's records; a
 * second opener, in this process or another, is now refused, naming the folder and the pid.
 *
 * <p>The lock dies with its process: a node killed leaves the file behind, with its pid, but no
 * lock, and the restart takes it. The file is never deleted (a journal that empties its folder
 * keeps it): deleting it would let a second opener lock a new file while the first still holds
 * the old one.
 *
 * @since 1.5
 */
public final class FolderLock implements AutoCloseable {

    /** The file in the folder whose lock is held. */
    public static final String FILE = ".lock";

    /** The folders whose lock this process holds, by their real path. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private boolean released;

    private FolderLock(Path key, FileChannel channel) {
        this.key = key;
        this.channel = channel;
    }

    /**
     * Takes the lock on {@code dir/.lock} (the folder must exist) and writes this process's pid
     * into it.
     *
     * @throws UncheckedIOException naming the folder and who holds it when another journal does, in
     *         this process or another; or why the lock file could not be opened
     */
    public static FolderLock take(Path dir) {
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the journal in " + dir + ": " + e.getMessage(), e);
        }
        Path file = dir.resolve(FILE);
        // A folder held in this process is refused before its lock file is opened: on Linux,
        // closing any channel to a locked file releases the process's lock on it (tried: another
        // process could then take it), so the second opener must not open and close one.
        if (!HELD.add(key)) {
            throw inUse(dir, file, "another journal open in this process (pid " + ProcessHandle.current().pid() + ")");
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException inThisProcess) {
                // held through a channel of this process that is not a journal's: refused the same way
                throw inUse(dir, file, "this process (pid " + ProcessHandle.current().pid() + ")");
            }
            if (lock == null) {
                throw inUse(dir, file, "another process" + pidIn(file));
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new FolderLock(key, ch);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                closeQuietly(ch);
            }
            HELD.remove(key);
            throw e instanceof IOException io ? new UncheckedIOException("cannot open the journal in " + dir
                    + ": cannot lock " + file + ": " + e.getMessage(), io) : (RuntimeException) e;
        }
    }

    private static UncheckedIOException inUse(Path dir, Path file, String holder) {
        String why = "the folder is in use by " + holder + ", which holds the lock on " + file;
        return new UncheckedIOException("cannot open the journal in " + dir + ": " + why + "; two nodes writing one"
                + " journal overwrite each other's records: give each node its own mlos.fault.dir", new IOException(why));
    }

    /** " (pid N)" as the lock file's holder wrote it, or "" when it holds none. */
    private static String pidIn(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return pid.matches("[0-9]{1,19}") ? " (pid " + pid + ")" : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing a channel releases its lock whether or not close reports an error
        }
    }

    /**
     * Releases the lock, as the process's death would: closing the channel releases it. Then this
     * process may take it again. Calling it again does nothing.
     */
    @Override
    public synchronized void close() {
        if (!released) {
            released = true;
            closeQuietly(channel);
            HELD.remove(key);
        }
    }
}
