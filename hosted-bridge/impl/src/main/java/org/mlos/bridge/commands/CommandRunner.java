package org.mlos.bridge.commands;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.mlos.bridge.api.BridgeProperties;
import org.mlos.bridge.api.HostBusyException;
import org.mlos.bridge.api.CommandResult;
import org.mlos.bridge.api.HostCommandException;

/**
 * Runs the allowed commands: no shell, the resolved executable, the caller's arguments once
 * {@link ArgumentCheck} passed them, the files folder as working folder, a bare environment. At
 * most {@code atOnce} run together on the folder, however many instances serve it (the kind is
 * prototype-scoped: one for every calling node); each is killed, with what it started, past its
 * time limit, and what it started and left running is killed when it ends ({@link LeftBehind}).
 */
final class CommandRunner {

    /** The slots of each folder, shared by every instance serving it; the first instance's limit stands. */
    private static final Map<Path, Semaphore> SLOTS = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, CommandList.Allowed> commands;
    private final Path folder;
    private final long timeoutMillis;
    private final int outputMax;
    private final Semaphore running;
    private final ExecutorService io;

    CommandRunner(Map<String, CommandList.Allowed> commands, Path folder, long timeoutMillis, int outputMax, int atOnce, ExecutorService io) {
        this.commands = commands;
        this.folder = folder;
        this.timeoutMillis = timeoutMillis;
        this.outputMax = outputMax;
        this.running = SLOTS.computeIfAbsent(folder, f -> new Semaphore(atOnce));
        this.io = io;
    }

    List<String> names() {
        return List.copyOf(commands.keySet());
    }

    CommandResult run(String command, List<String> args, byte[] input) {
        CommandList.Allowed allowed = command == null ? null : commands.get(command);
        if (allowed == null) {
            throw new HostCommandException("command '" + command + "' is not allowed on this host; it runs "
                    + (commands.isEmpty() ? "none (" + BridgeProperties.COMMANDS + " lists what it may run)" : commands.keySet()));
        }
        Path root;
        try {
            root = folder.toRealPath();
        } catch (java.io.IOException e) {
            throw new HostCommandException(command + ": the host's files folder " + folder + " cannot be read: " + e.getMessage());
        }
        List<String> line = new ArrayList<>(List.of(allowed.executable().toString()));
        for (String a : args == null ? List.<String>of() : args) {
            ArgumentCheck.check(command, allowed, a, root);
            line.add(a);
        }
        try {
            if (!running.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new HostBusyException(command + ": this host's commands stayed busy (" + BridgeProperties.COMMANDS_AT_ONCE
                        + " running) for " + timeoutMillis + " ms; try again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostCommandException(command + ": interrupted while waiting for a free slot");
        }
        try {
            return runAcquired(command, line, input == null ? new byte[0] : input);
        } finally {
            running.release();
        }
    }

    /** Runs it, its time limit counted from its start (not from the wait for a free slot). */
    private CommandResult runAcquired(String command, List<String> line, byte[] input) {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(line).directory(folder.toFile());
        String mark = LeftBehind.newMark();
        environment(builder.environment(), mark);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new HostCommandException(command + ": cannot start " + line.get(0) + ": " + e.getMessage());
        }
        BoundedSink out = new BoundedSink(process.getInputStream(), outputMax);
        BoundedSink err = new BoundedSink(process.getErrorStream(), outputMax);
        Future<?> outDone = io.submit(out);
        Future<?> errDone = io.submit(err);
        Future<?> fed = io.submit(() -> feed(process.getOutputStream(), input));
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            if (!process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                kill(process, mark);
                throw new HostCommandException(command + ": ran past this host's limit of " + timeoutMillis + " ms ("
                        + BridgeProperties.COMMAND_TIMEOUT_MS + ") and was killed");
            }
            // What it left running goes with it, and with it the streams it held open. Where one is
            // not found, the streams end when the last process holding them does: they get what is
            // left of the limit; past it the result says what came, marked as cut.
            LeftBehind.kill(mark, process.pid());
            boolean whole = true;
            for (Future<?> f : List.of(outDone, errDone, fed)) {
                whole &= finished(f, deadline, () -> LeftBehind.kill(mark, process.pid()));
            }
            // once more: one caught in the middle of an exec shows no environment for that instant
            LeftBehind.kill(mark, process.pid());
            return new CommandResult(process.exitValue(), out.bytes(), err.bytes(), !whole || out.cut() || err.cut(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } catch (InterruptedException e) {
            kill(process, mark);
            Thread.currentThread().interrupt();
            throw new HostCommandException(command + ": interrupted; the command was killed");
        }
    }

    /**
     * What a command sees of the node's environment: the search path, the locale, the time zone
     * and the temporary folder, and {@code HOME} the files folder. Not the rest: the node's
     * operator may hold credentials there ({@code SSH_AUTH_SOCK}, {@code AWS_*}, a cluster secret
     * in {@code MLOS_*}) that an allowed {@code git} or {@code aws} would use. And the command's
     * mark, by which what it leaves running is found ({@link LeftBehind}).
     */
    private void environment(Map<String, String> env, String mark) {
        Map<String, String> kept = new java.util.HashMap<>();
        env.forEach((k, v) -> {
            if (k.equals("PATH") || k.equals("LANG") || k.startsWith("LC_") || k.equals("TZ") || k.equals("TMPDIR")) {
                kept.put(k, v);
            }
        });
        env.clear();
        env.putAll(kept);
        env.put("HOME", folder.toString());
        env.put(LeftBehind.VARIABLE, mark);
    }

    /**
     * Whether {@code f} finished by the deadline. While it has not, {@code lookAgain} runs now and
     * then (after 20 ms, then twice as long each time): a process left holding the output may have
     * been in the middle of an exec, its environment unreadable, when it was looked for.
     */
    private static boolean finished(Future<?> f, long deadline, Runnable lookAgain) throws InterruptedException {
        long wait = TimeUnit.MILLISECONDS.toNanos(20);
        for (;;) {
            long left = deadline - System.nanoTime();
            try {
                f.get(Math.max(0, Math.min(left, wait)), TimeUnit.NANOSECONDS);
                return true;
            } catch (TimeoutException e) {
                if (left <= wait) {
                    return false; // its reader ends when the pipe's last holder closes it; the thread is a daemon
                }
                lookAgain.run();
                wait *= 2;
            } catch (java.util.concurrent.ExecutionException e) {
                return true; // a reader failed: what it kept stands
            }
        }
    }

    private static void feed(OutputStream stdin, byte[] input) {
        try (stdin) {
            stdin.write(input);
        } catch (IOException e) {
            // the command exited or closed its input without reading it all: its right
        }
    }

    private static void kill(Process process, String mark) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        LeftBehind.kill(mark, process.pid());
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
