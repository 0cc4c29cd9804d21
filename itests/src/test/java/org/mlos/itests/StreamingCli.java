package org.mlos.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.launcher.process.NodeLayout;

/**
 * {@code mlos <args>} running as a process, its standard error read line by line as it comes: a
 * test waits for a given progress line, acts (opens a gate, say), and waits for the next, instead
 * of reading what the command printed only once it ended.
 */
final class StreamingCli implements AutoCloseable {

    private final String command;
    private final Process process;
    private final CompletableFuture<String> out;
    private final List<String> err = new ArrayList<>();
    private final Thread reader;
    private boolean errEnded;
    private int cursor;

    private StreamingCli(String command, Process process) {
        this.command = command;
        this.process = process;
        this.out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(standard output unreadable: " + e + ")";
            }
        });
        this.reader = Thread.ofPlatform().daemon().name("itest-cli-stderr").start(this::readErr);
    }

    static StreamingCli start(NodeLayout layout, String... args) throws IOException {
        return new StreamingCli("mlos " + String.join(" ", args), TestCli.of(layout, List.of(args)).start());
    }

    private void readErr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    err.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // the process went away: what it printed is kept
        } finally {
            synchronized (this) {
                errEnded = true;
                notifyAll();
            }
        }
    }

    /**
     * The next line of standard error (after the last one this returned) that matches {@code p},
     * as a matcher; fails if the command ends, or {@code limit} passes, before one comes.
     */
    synchronized Matcher await(Pattern p, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            while (cursor < err.size()) {
                Matcher m = p.matcher(err.get(cursor++));
                if (m.matches()) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (errEnded || left <= 0) {
                fail("no line matching " + p + " from " + command + (errEnded ? " before it ended" : " within " + limit)
                        + "; standard error:\n" + String.join("\n", err));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Waits for the command's end: its exit code, standard output and every line of standard error. */
    SwapProgressIT.Cli finish(Duration limit) throws Exception {
        assertTrue(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS), command + " did not end");
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String stdout = out.get(10, TimeUnit.SECONDS);
        synchronized (this) {
            return new SwapProgressIT.Cli(process.exitValue(), stdout, String.join("\n", err) + (err.isEmpty() ? "" : "\n"));
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
