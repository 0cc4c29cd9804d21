package org.mlos.launcher.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Live pids for fake nodes that are not this JVM: the launcher drops a socket whose pid is dead as
 * stale, and one JVM is one pid, so a second fake node of a profile needs a process of its own.
 * Each is a shell waiting on its input, its command line naming the launcher's main class as
 * a node's does (a listed pid is a node only then: {@code Processes.node}); ended by {@link #close}
 * so none outlives its test. {@link #other} is a live process that is no node (a pid reused).
 * Registered as a test's extension ({@code @RegisterExtension}), it ends them after each test.
 */
public final class LivePids implements AutoCloseable, AfterEachCallback {

    private final List<Process> started = new CopyOnWriteArrayList<>();
    private long node;

    /** One live node's pid, the same for the whole test: this JVM is none (it does not run the launcher). */
    public long node() throws IOException {
        if (node == 0) {
            node = start().pid();
        }
        return node;
    }

    /** A new live process; its handle tells its pid, and whether it is alive. */
    public ProcessHandle start() throws IOException {
        // The shell itself waits, on its input (a pipe held open by this JVM), with no child: a test
        // that kills it as a node dies left its "sleep 300" child behind (two per suite run).
        return started(new ProcessBuilder("sh", "-c", "read x", "org.mlos.launcher.Main"));
    }

    /** A live process that runs no node: what a node's pid may be reused for once it died. */
    public ProcessHandle other() throws IOException {
        return started(new ProcessBuilder("sleep", "300"));
    }

    private ProcessHandle started(ProcessBuilder b) throws IOException {
        Process p = b.start();
        started.add(p);
        return p.toHandle();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        close();
    }

    @Override
    public void close() throws InterruptedException {
        node = 0;
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // the shell's sleep, else orphaned
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // waited for: no zombie left for the next test's pid check
        }
    }
}
