package org.mlos.launcher.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Live pids for fake nodes that are not this JVM: the launcher drops a socket whose pid is dead as
 * stale, and one JVM is one pid, so a second fake node of a profile needs a process of its own.
 * Each is a {@code sleep}, ended by {@link #close} so none outlives its test.
 */
public final class LivePids implements AutoCloseable {

    private final List<Process> started = new CopyOnWriteArrayList<>();

    /** A new live process; its handle tells its pid, and whether it is alive. */
    public ProcessHandle start() throws IOException {
        Process p = new ProcessBuilder("sleep", "300").start();
        started.add(p);
        return p.toHandle();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // waited for: no zombie left for the next test's pid check
        }
    }
}
