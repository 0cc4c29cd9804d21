package org.mlos.cluster.log;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Lets the first of a flood of like events be logged and counts the rest: the first of a period
 * is logged at once, those after it in the same period are counted, and the count is told in one
 * line when the period ends ({@link Summary}). Anyone who reaches a port can cause a refusal, a
 * forged entry or a protocol error at will: logged a line each, 3,000 connections wrote 3,000
 * lines in two seconds, hiding what else the log said and filling the disk. Every event is either
 * logged or in exactly one summary's count, whatever the threads.
 */
public final class FloodLog {

    /** What a period's counted events make: one line, written by the owner. */
    @FunctionalInterface
    public interface Summary {
        /**
         * @param count the events counted but not logged, at least 1
         * @param period how long the period ran, in whole seconds rounded up (a stop may end it early,
         *        the next event late), for the line's "in the last … s"
         * @param last what the caller said of the last of them
         */
        void tell(long count, Duration period, String last);
    }

    /** Runs a task later: the end of a period, told even if no event comes after it. */
    @FunctionalInterface
    public interface Timer {
        void after(Duration delay, Runnable task);

        /** A daemon timer of the JDK's (the common pool's delayer): nothing to stop. */
        Timer JDK = (delay, task) -> CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS).execute(task);
        /** Never runs: periods end only by the clock, at the next event, or by {@link FloodLog#flush} (tests). */
        Timer NONE = (delay, task) -> { };
    }

    /** The period the project logs refusals in: a line at most every 10 s, and the first at once. */
    public static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final Duration period;
    private final long periodNanos;
    private final LongSupplier clock;
    private final Timer timer;
    private final Summary summary;
    /** Guarded by this: whether a period is open, which one, when it began, what it counted and the last event's words. */
    private boolean open;
    private long periods;
    private long began;
    private long untold;
    private String last = "";
    private long total;

    public FloodLog(Duration period, Summary summary) {
        this(period, System::nanoTime, Timer.JDK, summary);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime} */
    public FloodLog(Duration period, LongSupplier clock, Timer timer, Summary summary) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a flood log's period must be positive, was " + period);
        }
        this.period = period;
        this.periodNanos = period.toNanos();
        this.clock = clock;
        this.timer = timer;
        this.summary = summary;
    }

    /**
     * Counts one event; true if the caller logs it now (the first of a period), false if it is
     * counted into the period's summary. A period over by the clock is told first.
     *
     * @param what the event's words for the summary's "the last …" (a peer, a reason)
     */
    public boolean first(String what) {
        long ended = 0;
        String endedLast = null;
        long endedRan = 0;
        boolean opened;
        long thisPeriod;
        synchronized (this) {
            total++;
            long now = clock.getAsLong();
            if (open && now - began >= periodNanos) {
                ended = untold;
                endedLast = last;
                endedRan = now - began;
                close();
            }
            opened = !open;
            if (opened) {
                open = true;
                periods++;
                began = now;
            } else {
                untold++;
                last = what;
            }
            thisPeriod = periods;
        }
        tell(ended, endedLast, endedRan);
        if (opened) {
            timer.after(period, () -> endPeriod(thisPeriod));
        }
        return opened;
    }

    /** Tells what is counted now and ends the period: the next event is logged at once (a stop, a test). */
    public void flush() {
        long n;
        String l;
        long ran;
        synchronized (this) {
            n = untold;
            l = last;
            ran = clock.getAsLong() - began;
            close();
        }
        tell(n, l, ran);
    }

    /** Whether a period is open: an event was logged and its period has not been told as over. */
    synchronized boolean open() {
        return open;
    }

    /** Events so far, logged or counted. */
    public synchronized long total() {
        return total;
    }

    /** The timer's end of period number {@code which}, if it is still the open one. */
    private void endPeriod(long which) {
        long n;
        String l;
        synchronized (this) {
            if (!open || periods != which) {
                return; // ended already, by the clock or a flush
            }
            n = untold;
            l = last;
            close();
        }
        tell(n, l, periodNanos);
    }

    private void close() {
        open = false;
        untold = 0;
        last = "";
    }

    private void tell(long n, String l, long ranNanos) {
        if (n > 0) {
            summary.tell(n, Duration.ofSeconds(Math.max(1, (ranNanos + 999_999_999L) / 1_000_000_000L)), l);
        }
    }
}
