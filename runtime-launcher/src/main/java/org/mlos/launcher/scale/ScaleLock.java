package org.mlos.launcher.scale;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.launcher.supervisor.ClusterFiles;

/**
 * One scale operation at a time per profile of a local cluster, whoever runs it: {@code mlos
 * scale} in a shell, or the supervisor carrying out the autoscaler's request. A file lock
 * ({@code <name>-scale-<profile>.lock}) held for the whole change, beside a note of who holds it
 * ({@code .holder}), so that the one refused can say who is scaling. The operating system lets
 * the lock go when its process dies, so a crashed scale never blocks the next.
 */
public final class ScaleLock implements AutoCloseable {

    /**
     * The lock files this process holds. Checked before a channel is opened: an operating system
     * lock (fcntl) belongs to the process, and closing any descriptor of the file drops it, so a
     * second take in the same process that opened the file, found it held and closed it again let
     * go of the first one's lock for every other process (and a racing test saw two holders).
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path holder;

    private ScaleLock(Path file, FileChannel channel, FileLock lock, Path holder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /**
     * Takes the profile's lock, or fails at once naming who holds it ({@link Busy}).
     *
     * @param who what this process is doing, e.g. {@code mlos scale cache +1 (pid 4711)}
     */
    public static ScaleLock take(ClusterFiles files, String profile, String who) throws IOException {
        Path file = files.dir().resolve(files.name() + "-scale-" + profile + ".lock");
        Path holder = files.dir().resolve(files.name() + "-scale-" + profile + ".holder");
        if (!HELD.add(file.toAbsolutePath())) {
            throw busy(files, profile, holder);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                throw busy(files, profile, holder);
            }
            Files.writeString(holder, who + " since " + Instant.now(), StandardCharsets.UTF_8);
            return new ScaleLock(file.toAbsolutePath(), ch, l, holder);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            HELD.remove(file.toAbsolutePath());
            throw e;
        }
    }

    private static Busy busy(ClusterFiles files, String profile, Path holder) {
        return new Busy("a scale of profile " + profile + " in cluster " + files.name() + " is under way: " + holder(holder)
                + "; one scale operation at a time per profile: wait until it ends ('mlos nodes' shows the nodes) and"
                + " try again");
    }

    private static String holder(Path holder) {
        try {
            String by = Files.readString(holder, StandardCharsets.UTF_8).trim();
            return by.isEmpty() ? "another process" : by;
        } catch (IOException goneMeanwhile) {
            return "another process";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(holder);
        } finally {
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    HELD.remove(file);
                }
            }
        }
    }

    /** Another scale of the profile holds the lock. */
    public static final class Busy extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Busy(String message) {
            super(message);
        }
    }
}
