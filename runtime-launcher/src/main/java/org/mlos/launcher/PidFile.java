package org.mlos.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.osgi.framework.launch.Framework;

/**
 * memcached's {@code -P}: the node's pid in a file while it runs, for a service manager or script
 * that finds the process there. Written as memcached writes it, once the node serves (memcached:
 * once its sockets listen): the pid and a newline, through {@code <file>.tmp} renamed over the
 * file, with a warning first if the file names a process still running. Removed once the node's
 * framework has stopped, when the JVM ends (a signal, {@code --exit-when-ready}, a stop from
 * within), unless another process has written its pid there since. A node killed with -9 leaves
 * it, as memcached does.
 */
final class PidFile {

    /** Framework property naming the file (memcached's {@code -P}); the launcher reads it, no bundle does. */
    static final String PROPERTY = "mlos.pid.file";

    private final Path file;
    private final String pid;
    private final PrintStream err;
    private boolean written;
    private boolean ended;

    PidFile(Path file, long pid, PrintStream err) {
        this.file = file;
        this.pid = Long.toString(pid);
        this.err = err;
    }

    /**
     * Writes this process's pid to {@code path} (none if null) and removes it once
     * {@code framework} has stopped, when the JVM ends; a JVM already ending writes none.
     */
    static void writeUntilStopped(String path, Framework framework, PrintStream err) {
        if (path == null || path.isBlank()) {
            return;
        }
        PidFile pidFile = new PidFile(Path.of(path.trim()), ProcessHandle.current().pid(), err);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> pidFile.removeOnceStopped(framework), "mlos-pid-file"));
        } catch (IllegalStateException ending) {
            return; // stopped before it served: memcached writes none either
        }
        pidFile.write();
    }

    /** Writes the file, unless the node has already ended; a failure is reported, and the node runs on, as memcached's does. */
    synchronized boolean write() {
        if (ended) {
            return false;
        }
        try {
            String before = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.US_ASCII).trim() : "";
            if (!before.isEmpty() && !before.equals(pid) && running(before)) {
                err.println("mlos: warning: the pid file " + file + " names process " + before
                        + ", which is running; writing this node's pid " + pid + " over it");
            }
            // a fresh name in the folder, created here: a predictable one (memcached's FILE.tmp) may be
            // a link someone else planted in a shared folder such as /tmp, which a write would follow
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName() + ".", ".tmp");
            try {
                Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            written = true;
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("mlos: error: cannot write the pid file " + file + " (-P): " + e);
            err.flush();
            return false;
        }
    }

    /** Removes the file once {@code framework} has stopped (or the node's stop gave up waiting). */
    void removeOnceStopped(Framework framework) {
        try {
            framework.waitForStop(Node.STOP_WAIT_MS + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        remove();
    }

    /** Removes the file if this node wrote it and it still holds its pid; none is written after. */
    synchronized void remove() {
        ended = true;
        if (!written) {
            return;
        }
        written = false;
        try {
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.US_ASCII).trim().equals(pid)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            err.println("mlos: error: cannot remove the pid file " + file + ": " + e);
        }
    }

    /** A node's, not any process's: a pid the system reused since the node it named died is no node to warn of. */
    private static boolean running(String pid) {
        try {
            return Processes.node(Long.parseLong(pid));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
