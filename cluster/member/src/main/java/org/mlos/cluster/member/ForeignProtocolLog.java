package org.mlos.cluster.member;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.cluster.log.FloodLog;

import com.hazelcast.config.Config;

/**
 * Hazelcast's warning for a connection to the member port that spoke another protocol, throttled:
 * the first of a period is logged as Hazelcast wrote it, the others counted into one line when the
 * period ends ({@link FloodLog}). Anyone who reaches the port wrote a warning a connection
 * (an auditor's 3,000 connections of HTTP and random bytes: 2,949 lines in two seconds). Only those
 * lines: Hazelcast's other warnings of its connections pass as they are.
 *
 * <p>A watch of Hazelcast's connection logger ({@link HazelcastLines}): each member counts the
 * lines of its own, and its {@link #watch watch} ends when the member shuts down.
 */
final class ForeignProtocolLog {

    /** Where Hazelcast logs a connection's close and its reason. */
    static final String CONNECTIONS = "com.hazelcast.internal.server.tcp.TcpServerConnection";
    private static final System.Logger LOG = System.getLogger(ForeignProtocolLog.class.getName());
    /**
     * The reasons Hazelcast 5 gives a connection that did not start with the member protocol's
     * bytes: anything else, or the bytes that say "wrong protocol" back ({@code HZX}).
     */
    private static final List<String> FOREIGN = List.of("Unsupported protocol exchange detected",
            "Instance to be connected replied with HZX");
    private static final String PROTOCOL_EXCEPTION = "com.hazelcast.internal.server.tcp.ProtocolException";
    /** {@code Connection[id=82, /127.0.0.1:5743->/127.0.0.1:37882, …}: this end, then the peer. */
    private static final Pattern ENDS = Pattern.compile("Connection\\[id=\\d+, (\\S+)->(\\S+?),");

    private final FloodLog flood;
    private final HazelcastLines.Watch watch;

    private ForeignProtocolLog(String hazelcastClusterName, LongSupplier clock, FloodLog.Timer timer) {
        this.flood = new FloodLog(FloodLog.TEN_SECONDS, clock, timer, ForeignProtocolLog::tell);
        this.watch = HazelcastLines.watch(CONNECTIONS, hazelcastClusterName, this::keep);
    }

    /** Throttles the member's lines from now until it shuts down; call once its config has its final cluster name. */
    static ForeignProtocolLog watch(Config config) {
        return watch(config, System::nanoTime, FloodLog.Timer.JDK);
    }

    static ForeignProtocolLog watch(Config config, LongSupplier clock, FloodLog.Timer timer) {
        ForeignProtocolLog w = new ForeignProtocolLog(config.getClusterName(), clock, timer);
        HazelcastLines.untilShutdown(config, w::close);
        return w;
    }

    /** Tells what is counted and stops watching; again is nothing. Also for a member that never started. */
    void close() {
        watch.close();
        flood.flush();
    }

    /** Tells what is counted now, and lets the next line through (tests; the member's stop). */
    void flush() {
        flood.flush();
    }

    /** Lines of this member's foreign connections so far, logged or counted. */
    long seen() {
        return flood.total();
    }

    /** A line of this member's: one of another protocol is written if it is the first of its period. */
    private boolean keep(LogRecord r, String m) {
        return !foreign(m, r.getThrown()) || flood.first(ends(m));
    }

    /**
     * Whether the line is a connection's close for another protocol: Hazelcast gives the reason as
     * the record's exception (its {@code ProtocolException}), or in the message when it has none.
     */
    static boolean foreign(String message, Throwable thrown) {
        if (thrown != null && thrown.getClass().getName().equals(PROTOCOL_EXCEPTION)) {
            String why = thrown.getMessage();
            return why != null && FOREIGN.stream().anyMatch(why::startsWith);
        }
        return FOREIGN.stream().anyMatch(f -> message.contains(PROTOCOL_EXCEPTION + ": " + f));
    }

    /** {@code from /127.0.0.1:37882 to /127.0.0.1:5743}, or nothing if Hazelcast's words changed. */
    static String ends(String message) {
        Matcher e = ENDS.matcher(message);
        return e.find() ? "from " + e.group(2) + " to " + e.group(1) : "";
    }

    private static void tell(long count, Duration period, String last) {
        LOG.log(System.Logger.Level.WARNING, "Hazelcast closed " + count + " more connection(s) to the cluster member that"
                + " spoke another protocol in the last " + period.toSeconds() + " s" + (last.isEmpty() ? "" : " (the last " + last + ")")
                + "; the first"
                + " is logged as Hazelcast wrote it, those after it are counted: anyone who reaches the port can open them");
    }
}
