package org.mlos.launcher.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Progress lines on standard error while a request waits for a node's reply: a live swap of a
 * large state or a rollout to many nodes takes seconds to minutes, and a command that prints
 * nothing meanwhile looks hung. The node answers the request once, at the end; so, if no reply
 * has come after {@code after}, this asks the node how far the operation has got, on a second
 * connection, every {@code every}, and prints what it answers:
 *
 * <pre>
 * mlos:   swap KeyValueStore heap -> slab: pre-copy pass 1, 412,000/1,000,000 entries, 3.1 s
 * </pre>
 *
 * A reply's lines that start with a space (a cluster operation's per-node outcomes) are printed
 * once each, the others every time. When the node has nothing to tell (the operation waits for
 * another one, or has not begun), it prints, every 3 s, what it waits for and for how long. A
 * short operation prints nothing.
 */
final class ProgressLines implements AutoCloseable {

    /** Asks the node how far the operation has got: its lines, nothing when it has nothing to say. */
    @FunctionalInterface
    interface Poll {
        String ask() throws Exception;
    }

    /** How long a request runs before the first progress line. */
    static final Duration AFTER = Duration.ofSeconds(1);
    /** How often progress is asked for after that. */
    static final Duration EVERY = Duration.ofSeconds(1);
    /** How often the fallback says it is still waiting, when the node tells nothing. */
    static final Duration WAITING = Duration.ofSeconds(3);

    private static final ProgressLines NONE = new ProgressLines();

    private final Thread thread;

    private ProgressLines() {
        thread = null;
    }

    private ProgressLines(String what, Poll poll, Duration after, Duration every, Duration waiting, PrintStream err) {
        long start = System.nanoTime();
        thread = Thread.ofPlatform().daemon().name("mlos-progress").unstarted(() -> {
            Set<String> once = new HashSet<>();
            long lastWaiting = start;
            try {
                Thread.sleep(after);
                while (true) {
                    String reply = ask(poll);
                    boolean told = false;
                    for (String line : reply.split("\n")) {
                        if (line.isBlank() || line.startsWith("error:")) {
                            continue;
                        }
                        told = true;
                        if (!line.startsWith(" ") || once.add(line)) {
                            err.println("mlos:   " + line.stripTrailing());
                        }
                    }
                    long now = System.nanoTime();
                    if (!told && now - lastWaiting >= waiting.toNanos()) {
                        err.println("mlos:   " + what + ": waiting for the reply ("
                                + Duration.ofNanos(now - start).toSeconds() + "s)");
                        lastWaiting = now;
                    }
                    Thread.sleep(every);
                }
            } catch (InterruptedException e) {
                // the reply came
            }
        });
        thread.start();
    }

    /** The node's answer, or nothing if it cannot tell (a node that stops, an older node). */
    private static String ask(Poll poll) throws InterruptedException {
        try {
            String reply = poll.ask();
            return reply == null ? "" : reply;
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            return "";
        }
    }

    /** Progress of {@code what}, asked of the node with {@code poll}, from 1 s on, every second. */
    static ProgressLines of(String what, Poll poll, PrintStream err) {
        return new ProgressLines(what, poll, AFTER, EVERY, WAITING, err);
    }

    /** The same with other intervals (tests). */
    static ProgressLines of(String what, Poll poll, Duration after, Duration every, Duration waiting, PrintStream err) {
        return new ProgressLines(what, poll, after, every, waiting, err);
    }

    /** Prints nothing: for requests that answer at once. */
    static ProgressLines none() {
        return NONE;
    }

    /** Stops the lines; none is printed after this returns. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
