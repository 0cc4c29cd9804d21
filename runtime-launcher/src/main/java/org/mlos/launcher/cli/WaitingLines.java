package org.mlos.launcher.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress lines on standard error while a request waits for a node's reply, like the build's
 * one line per module: a live swap of a large state or a rollout to many nodes takes seconds to
 * minutes, and a command that prints nothing meanwhile looks hung. The node answers once, at the
 * end, so the lines say what is being waited for and for how long, not how far it got.
 */
final class WaitingLines implements AutoCloseable {

    private static final WaitingLines NONE = new WaitingLines();

    private final Thread thread;

    private WaitingLines() {
        thread = null;
    }

    private WaitingLines(String what, Duration every, PrintStream err) {
        long start = System.nanoTime();
        thread = Thread.ofPlatform().daemon().name("mlos-waiting").unstarted(() -> {
            try {
                while (true) {
                    Thread.sleep(every);
                    long s = Duration.ofNanos(System.nanoTime() - start).toSeconds();
                    err.println("mlos:   " + what + ": waiting for the reply (" + s + "s)");
                }
            } catch (InterruptedException e) {
                // the reply came
            }
        });
        thread.start();
    }

    /** Prints {@code mlos:   <what>: waiting for the reply (<n>s)} every {@code every} until closed. */
    static WaitingLines every(Duration every, String what, PrintStream err) {
        return new WaitingLines(what, every, err);
    }

    /** Prints nothing: for requests that answer at once. */
    static WaitingLines none() {
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
