package org.mlos.launcher.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A local cluster's start lock, {@code cluster/starting/<name>.lock} in the run folder: {@code mlos
 * cluster up} holds it while its nodes start, {@code mlos cluster down} while it stops them. Two
 * ups at once both found the cluster down and started one each; a down during an up read the node
 * list before the up had listed its last nodes, which then ran on. The lock is the operating
 * system's (let go when its process ends, however it ends); the file holds a note of who holds it,
 * so that whoever waits can say for whom.
 */
final class ClusterStartLock implements AutoCloseable {

    /** Who takes the lock, and what it does meanwhile. */
    enum Role {
        UP("'mlos cluster up'", "starting"), DOWN("'mlos cluster down'", "stopping");

        final String command;
        final String doing;

        Role(String command, String doing) {
            this.command = command;
            this.doing = doing;
        }
    }

    private static final Duration POLL = Duration.ofMillis(100);

    private final FileChannel channel;
    private final FileLock lock;

    private ClusterStartLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file (in a folder of its own: beside the cluster's files a cluster named a.up would share it). */
    static Path file(Path clusterDir, String name) {
        return clusterDir.resolve("starting").resolve(name + ".lock");
    }

    /**
     * Takes the lock of cluster {@code name}, waiting while another process holds it: at most
     * {@code wait} (null: as long as it takes), saying on {@code err} for whom it waits.
     *
     * @throws IllegalStateException if it is still held after {@code wait}, naming the holder and what to do
     */
    static ClusterStartLock take(Path clusterDir, String name, Role role, Duration wait, PrintStream err)
            throws IOException, InterruptedException {
        Files.createDirectories(clusterDir.resolve("starting"));
        FileChannel ch = FileChannel.open(file(clusterDir, name), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock l = ch.tryLock();
            if (l == null) {
                Holder holder = noted(ch);
                err.println("mlos: " + waiting(holder, role, name, wait));
                err.flush();
                l = wait == null ? ch.lock() : poll(ch, wait);
                if (l == null) {
                    throw new IllegalStateException(timedOut(Holder.read(ch), name, wait));
                }
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(Holder.note(role).getBytes(StandardCharsets.UTF_8)), 0);
            return new ClusterStartLock(ch, l);
        } catch (IOException | InterruptedException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The holder's note, read again for a while if empty: a holder writes it just after it takes
     * the lock, and a waiter that read in between would take a down for an up.
     */
    private static Holder noted(FileChannel ch) throws IOException, InterruptedException {
        Holder h = Holder.read(ch);
        for (int i = 0; i < 20 && h.pid() < 0; i++) {
            Thread.sleep(10);
            h = Holder.read(ch);
        }
        return h;
    }

    private static FileLock poll(FileChannel ch, Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL.toMillis());
            FileLock l = ch.tryLock();
            if (l != null) {
                return l;
            }
        }
        return null;
    }

    /** The line said while waiting; an up's keeps the words scripts and TwoClusterUpsAtOnceIT look for. */
    static String waiting(Holder holder, Role role, String name, Duration wait) {
        String other = holder.role() == role ? "another " + role.command : holder.role().command;
        return other + " is " + holder.role().doing + " cluster " + name + "; waiting for it"
                + (wait == null ? "" : " to end (at most " + wait.toSeconds() + " s) before " + role.doing + " the cluster")
                + holder.since();
    }

    /** Why a down that waited {@code wait} stopped nothing, and what to do. */
    static String timedOut(Holder holder, String name, Duration wait) {
        String again = "'mlos cluster down" + (name.equals("mlos") ? "" : " --name " + name) + "'";
        String end = holder.role() != Role.UP ? ""
                : ", or end it first (Ctrl-C where it runs" + (holder.pid() > 0 ? ", or kill " + holder.pid() : "")
                        + ": it stops the nodes it started)";
        return holder.role().command + holder.since() + " was still " + holder.role().doing + " cluster " + name + " after "
                + wait.toSeconds() + " s, so nothing was stopped. Run " + again + " again once it has ended (--wait"
                + " <seconds> waits longer)" + end;
    }

    @Override
    public void close() throws IOException {
        try {
            channel.truncate(0); // no note of a holder that has gone
            lock.release();
        } finally {
            channel.close();
        }
    }

    /**
     * The note in the lock file: {@code UP 4711 2026-12-02T10:00:00Z}. An empty or unreadable note
     * (a holder that wrote none: an up of an earlier build) is taken for an up, the one that holds
     * the lock longest.
     */
    record Holder(Role role, long pid, String at) {

        static String note(Role role) {
            return role.name() + " " + ProcessHandle.current().pid() + " " + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        }

        static Holder parse(String note) {
            String[] f = note.strip().split(" ");
            try {
                return new Holder(Role.valueOf(f[0]), Long.parseLong(f[1]), f[2]);
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                return new Holder(Role.UP, -1, null);
            }
        }

        static Holder read(FileChannel ch) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(256);
            ch.read(b, 0);
            return parse(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        }

        /** {@code " (pid 4711, since …)"}, or nothing when the holder left no note. */
        String since() {
            return pid > 0 ? " (pid " + pid + ", since " + at + ")" : "";
        }
    }
}
