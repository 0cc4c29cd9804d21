package org.mlos.launcher.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.mlos.launcher.AnswerWait;
import org.mlos.launcher.ControlSocket;
import org.mlos.launcher.NodeSizing;
import org.mlos.launcher.ProfileVm;

/**
 * A node running in a process of its own: started from a built checkout, ready once it prints its
 * ready line, stopped (or killed) by its owner. Tests, benchmarks and {@code mlos cluster} use it.
 */
public final class NodeProcess implements AutoCloseable {

    private static final int KEPT_LINES = 400;

    private final String profile;
    private final Process process;
    /** The ready line: the node serves. */
    private final CompletableFuture<ReadyLine> serving = new CompletableFuture<>();
    /** The ready line, completed by the joined line when the node joined its cluster after serving. */
    private final CompletableFuture<ReadyLine> ready = new CompletableFuture<>();
    private final Deque<String> output = new ArrayDeque<>();

    /**
     * A node writing to a log file stamps its log lines with the time (the launcher's
     * {@code ConsoleLog.TIME_PROPERTY}): a file read after the fact needs it, a terminal does not.
     */
    static final String TIMED_LINES = "-Dmlos.log.time=true";

    private NodeProcess(String profile, Process process, Consumer<String> echo, Path log) {
        this.profile = profile;
        this.process = process;
        Thread reader = new Thread(() -> {
            if (log == null) {
                read(process.getInputStream(), echo);
            } else {
                tail(log, echo);
            }
        }, "mlos-node-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a node of {@code profile} with the launcher's {@code args} (e.g. {@code --port 0}).
     *
     * @param jvm  extra JVM options (system properties, heap...), after cnf/jvm.options and the
     *             sizing of a cache node ({@link NodeSizing}), which leaves what these set to them
     * @param echo gets every line the node prints, or null
     */
    public static NodeProcess start(NodeLayout layout, String profile, List<String> args, List<String> jvm,
            Consumer<String> echo) throws IOException {
        return new NodeProcess(profile, new ProcessBuilder(command(layout, profile, args, jvm)).redirectErrorStream(true)
                .start(), echo, null);
    }

    /**
     * Starts a node that outlives this JVM: its output goes to {@code log}, which is read until
     * the node is ready. Stop it later by its pid. A log already there (an earlier node of the same
     * slot) is kept as {@code log.1} ({@link NodeLogs}).
     */
    public static NodeProcess startDetached(NodeLayout layout, String profile, List<String> args, List<String> jvm,
            Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> stamped = new ArrayList<>(jvm.size() + 1);
        stamped.add(TIMED_LINES); // first: a -D of the caller's own comes later and wins
        stamped.addAll(jvm);
        List<String> command = command(layout, profile, args, stamped);
        NodeLogs.rotate(log);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new NodeProcess(profile, p, null, log);
    }

    private static List<String> command(NodeLayout layout, String profile, List<String> args, List<String> jvm)
            throws IOException {
        layout.requireBuilt();
        List<String> cmd = new ArrayList<>();
        cmd.add(layout.java());
        cmd.addAll(layout.jvmOptions());
        cmd.addAll(ProfileVm.options(layout.images(), profile));
        cmd.addAll(NodeSizing.jvmOptions(profile, args, jvm));
        if (layout.aotCacheCurrent(profile)) {
            cmd.add("-XX:AOTCache=" + layout.aotCache(profile));
            cmd.add("-Xlog:aot=off");
        }
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", layout.classPath(), "org.mlos.launcher.Main", profile));
        cmd.addAll(args);
        cmd.addAll(List.of("--images", layout.images().toString()));
        return cmd;
    }

    /**
     * Waits until the node is ready and, if it joins a cluster, has joined it (its ready line,
     * then its joined line when the ready line said {@code joined_ms=pending}); if that does not
     * come in time, the node is killed.
     */
    public ReadyLine awaitReady(Duration timeout) throws IOException {
        return await(ready, timeout, "ready");
    }

    /**
     * Waits for the ready line only: the node serves, though it may still be joining its cluster
     * (then {@link ReadyLine#joinPending()}). If it does not come in time, the node is killed.
     */
    public ReadyLine awaitServing(Duration timeout) throws IOException {
        return await(serving, timeout, "serving");
    }

    private ReadyLine await(CompletableFuture<ReadyLine> line, Duration timeout, String what) throws IOException {
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            kill();
            throw new IOException("node " + profile + " (pid " + process.pid() + ") not " + what + " after "
                    + timeout.toSeconds() + " s; killed it. Its output:\n" + output());
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            throw new IOException("interrupted waiting for node " + profile, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Waits up to {@code timeout} for the node to end by itself: its exit code, or -1 if it still runs. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** True once the node has printed its ready line (it serves; it may still be joining its cluster). */
    public boolean serving() {
        return serving.isDone() && !serving.isCompletedExceptionally();
    }

    /** Types a line on the node's standard input (its Gogo shell, when started with --shell). */
    public void send(String line) throws IOException {
        java.io.OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        in.flush();
    }

    public String profile() {
        return profile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends one line to the node's control socket ({@code kinds}, {@code history},
     * {@code swap <kind> <impl>}) and returns the reply, waited for as long as the node answers
     * checks meanwhile ({@link AnswerWait#whileAnswering}): a stopped node hung its caller (the
     * supervisor aligning a restarted node) for as long as it stayed stopped.
     */
    public String request(String line) throws IOException {
        java.nio.file.Path socket = ControlSocket.of(profile, process.pid());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket) && process.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20); // the node binds its control socket just after it is ready
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            return AnswerWait.whileAnswering(socket, line);
        } catch (ControlSocket.NoAnswer e) {
            throw new IOException(AnswerWait.message(profile + "-" + process.pid(), process.pid(), line, e), e);
        }
    }

    /** The last lines the node printed. */
    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Asks the node to stop (SIGTERM: its framework stops cleanly), killing it after {@code grace}. */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /**
     * Stops several nodes at once: each is asked (SIGTERM) before any is waited for, so that they
     * leave their cluster side by side; a node still running after {@code grace} is killed.
     */
    public static void stopAll(List<NodeProcess> nodes, Duration grace) {
        for (NodeProcess n : nodes) {
            n.process.destroy();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (NodeProcess n : nodes) {
            n.stop(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    /** SIGKILL: the node gets no chance to say goodbye (what a crash looks like to its peers). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private void read(java.io.InputStream in, Consumer<String> echo) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                line(line, echo);
            }
        } catch (IOException e) {
            // the process went away: reported below
        }
        notReady();
    }

    /** Follows a detached node's log until it is ready or gone. */
    private void tail(Path log, Consumer<String> echo) {
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            StringBuilder partial = new StringBuilder();
            while (!ready.isDone()) {
                int c = r.read();
                if (c < 0) {
                    if (!process.isAlive()) {
                        break;
                    }
                    Thread.sleep(20);
                } else if (c == '\n') {
                    line(partial.toString(), echo);
                    partial.setLength(0);
                } else {
                    partial.append((char) c);
                }
            }
        } catch (IOException | InterruptedException e) {
            // reported below
        }
        notReady();
    }

    private void line(String line, Consumer<String> echo) {
        synchronized (output) {
            if (output.size() == KEPT_LINES) {
                output.removeFirst();
            }
            output.addLast(line);
        }
        if (echo != null) {
            echo.accept(line);
        }
        if (!serving.isDone()) {
            ReadyLine parsed = ReadyLine.parse(line);
            if (parsed != null) {
                serving.complete(parsed);
                if (!parsed.joinPending()) {
                    ready.complete(parsed);
                }
            }
        } else if (!ready.isDone()) {
            ReadyLine joined = serving.join().joined(line);
            if (joined != null) {
                ready.complete(joined);
            }
        }
    }

    private void notReady() {
        if (!ready.isDone()) {
            boolean served = serving.isDone();
            String exit;
            try {
                exit = process.waitFor(10, TimeUnit.SECONDS) ? "exited with " + process.exitValue() : "closed its output";
            } catch (InterruptedException e) {
                exit = "closed its output";
            }
            IllegalStateException e = new IllegalStateException("node " + profile + " " + exit + " before it "
                    + (served ? "joined its cluster" : "was ready") + ":\n" + output());
            serving.completeExceptionally(e);
            ready.completeExceptionally(e);
        }
    }
}
