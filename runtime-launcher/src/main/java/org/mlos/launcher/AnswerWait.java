package org.mlos.launcher;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How long anything that asks a node over its control socket (the CLI, {@code mlos scale}, the
 * supervisor) waits for it: a query has {@link #within()}; a request that may take long (a swap, a
 * drain, a move of keys) waits as long as the node keeps answering a {@link #CHECK} meanwhile. A
 * node stopped ({@code kill -STOP}), stuck or out of memory still has its socket accept, so a wait
 * with no bound lasted as long as the node stayed so.
 */
public final class AnswerWait {

    /** The environment variable that gives a node longer (in seconds) than {@link #DEFAULT_WITHIN} to answer. */
    public static final String WITHIN_VARIABLE = "MLOS_ANSWER_TIMEOUT";

    /**
     * The same as a system property, read when the variable is not set: a JVM that embeds the
     * launcher (its tests) cannot set its own environment.
     */
    public static final String WITHIN_PROPERTY = "mlos.answer.timeout";

    /** A node in a long garbage collection answers within seconds, a stopped one never. */
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(20);

    /** What a node is asked to see that it still answers: answered at once, "busy" or not, by every profile. */
    public static final String CHECK = "swaps --lines";

    /** How often a request that may take long checks that the node still answers (as often as the bound, if shorter). */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private AnswerWait() {
    }

    /** {@value #WITHIN_VARIABLE} seconds if set, else {@value #WITHIN_PROPERTY}, else {@link #DEFAULT_WITHIN}. */
    public static Duration within() {
        String env = System.getenv(WITHIN_VARIABLE);
        return within(env != null ? env : System.getProperty(WITHIN_PROPERTY));
    }

    public static Duration within(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_WITHIN;
        }
        try {
            double s = Double.parseDouble(seconds.strip());
            if (s > 0 && s <= 86_400) {
                return Duration.ofMillis(Math.max(1, Math.round(s * 1000)));
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(WITHIN_VARIABLE + " is how many seconds a node has to answer (above 0, at"
                + " most a day), not '" + seconds + "'");
    }

    /** A query's reply within {@link #within()}, else {@link ControlSocket.NoAnswer}. */
    public static String query(Path socket, String line) throws IOException {
        return ControlSocket.request(socket, line, within());
    }

    /**
     * The node's reply to a request that may take long (a swap of a large store takes a minute, a
     * drain what its keys take): no bound of its own, but every {@link #CHECK_EVERY} the node is
     * asked {@link #CHECK} on a second connection, and one that does not answer that within
     * {@link #within()} ends the wait with {@link StoppedAnswering}.
     */
    public static String whileAnswering(Path socket, String line) throws IOException {
        Duration within = within();
        long start = System.nanoTime();
        ExecutorService asks = Executors.newVirtualThreadPerTaskExecutor();
        Future<String> reply = asks.submit(() -> ControlSocket.request(socket, line));
        try {
            while (true) {
                try {
                    return reply.get(Math.min(CHECK_EVERY.toNanos(), within.toNanos()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException stillWaiting) {
                    try {
                        ControlSocket.request(socket, CHECK, within);
                    } catch (ControlSocket.NoAnswer e) {
                        throw new StoppedAnswering(socket, line, Duration.ofNanos(System.nanoTime() - start), within);
                    } catch (IOException gone) {
                        // the node went away: the request's own connection says so
                    }
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + socket.getFileName());
        } finally {
            reply.cancel(true); // closes the connection: a thread waiting on it holds nothing
            asks.shutdownNow();
        }
    }

    /**
     * Why a node may be silent and what to do, after its name: the same words from the CLI, a
     * scale and the supervisor.
     */
    public static String why(long pid) {
        return "is it stopped (kill -CONT " + pid + " resumes it), overloaded or out of memory? Its log says more; "
                + WITHIN_VARIABLE + "=<seconds> gives a slow node longer.";
    }

    /** {@code node <name> did not answer '<line>' within 20 s: why}, for a {@link ControlSocket.NoAnswer}. */
    public static String message(String name, long pid, String line, ControlSocket.NoAnswer e) {
        if (e instanceof StoppedAnswering s) {
            return "node " + name + " stopped answering while '" + line + "' waited (" + s.waited().toSeconds()
                    + " s so far; a check of it got no answer within " + ControlSocket.seconds(s.within()) + "): " + why(pid);
        }
        String what = line.equals(CHECK) ? "" : " '" + line + "'"; // a check is no user's request
        return "node " + name + " did not answer" + what + " within " + ControlSocket.seconds(e.within()) + ": " + why(pid);
    }

    /** A request that may take long went on, and then the node stopped answering the checks made meanwhile. */
    public static final class StoppedAnswering extends ControlSocket.NoAnswer {
        private static final long serialVersionUID = 1L;
        private final transient Duration waited;

        StoppedAnswering(Path socket, String line, Duration waited, Duration within) {
            super(socket, line, within);
            this.waited = waited;
        }

        public Duration waited() {
            return waited;
        }
    }
}
