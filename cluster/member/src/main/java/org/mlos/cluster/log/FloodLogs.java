package org.mlos.cluster.log;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A {@link FloodLog} for each source of like events (a writer's address): one stranger's flood
 * must not hide the first line of another, nor of a real node whose writes are refused (a clock
 * gone wrong). At most {@link #MOST} sources are kept apart; past them, a source whose period is
 * over makes room, and while every one is busy the rest share one log told as {@link #OTHERS}.
 */
public final class FloodLogs {

    /** What a source's counted events make: one line. */
    @FunctionalInterface
    public interface Summary {
        void tell(String source, long count, Duration period, String last);
    }

    static final int MOST = 64;
    public static final String OTHERS = "other sources";

    private final Duration period;
    private final LongSupplier clock;
    private final FloodLog.Timer timer;
    private final Summary summary;
    /** Guarded by this. */
    private final Map<String, FloodLog> logs = new LinkedHashMap<>();
    /** Guarded by this: the events of the logs dropped to make room. */
    private long dropped;

    /**
     * Refused events told as warnings, one shape for every kind of them: the first of a source's
     * in full (the caller logs it), then {@code refused 3 more <things> <from source> in the last
     * 10 s (the last …)}; {@code one} and {@code many} name a thing and things, {@code from} says
     * where a source's came from ({@link #viaMember}).
     */
    public static FloodLogs refusedWarnings(System.Logger log, String one, String many,
            java.util.function.Function<String, String> from) {
        return new FloodLogs(FloodLog.TEN_SECONDS, (source, n, period, last) -> log.log(System.Logger.Level.WARNING,
                "refused " + n + " more " + (n == 1 ? one : many) + " " + from.apply(source) + " in the last "
                        + period.toSeconds() + " s (the last " + last + ")"));
    }

    /** Where an entry written through a member's connection came from: the member, or the shared rest. */
    public static String viaMember(String source) {
        return "written via " + (source.equals(OTHERS) ? "other members" : "member " + source);
    }

    public FloodLogs(Duration period, Summary summary) {
        this(period, System::nanoTime, FloodLog.Timer.JDK, summary);
    }

    public FloodLogs(Duration period, LongSupplier clock, FloodLog.Timer timer, Summary summary) {
        this.period = period;
        this.clock = clock;
        this.timer = timer;
        this.summary = summary;
    }

    /**
     * As {@link FloodLog#first}, counted in {@code source}'s own log. Under this object's lock, so
     * that no event lands in a log just dropped (refusals are rare enough for one lock).
     */
    public synchronized boolean first(String source, String what) {
        return logOf(source).first(what);
    }

    /** Tells every source's count (a stop). */
    public void flush() {
        FloodLog[] all;
        synchronized (this) {
            all = logs.values().toArray(FloodLog[]::new);
        }
        for (FloodLog log : all) {
            log.flush();
        }
    }

    /** Events so far, logged or counted. */
    public long total() {
        FloodLog[] all;
        long n;
        synchronized (this) {
            all = logs.values().toArray(FloodLog[]::new);
            n = dropped;
        }
        for (FloodLog log : all) {
            n += log.total();
        }
        return n;
    }

    private synchronized FloodLog logOf(String source) {
        FloodLog log = logs.get(source);
        if (log != null) {
            return log;
        }
        if (logs.size() >= MOST) {
            // an idle log has told its count: dropping it loses nothing
            FloodLog others = logs.get(OTHERS);
            logs.values().removeIf(l -> {
                boolean idle = l != others && !l.open();
                if (idle) {
                    dropped += l.total();
                }
                return idle;
            });
        }
        String key = logs.size() >= MOST ? OTHERS : source;
        return logs.computeIfAbsent(key, k -> new FloodLog(period, clock, timer, (n, p, l) -> summary.tell(k, n, p, l)));
    }
}
