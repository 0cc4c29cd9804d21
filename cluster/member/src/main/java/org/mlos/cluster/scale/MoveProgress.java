package org.mlos.cluster.scale;

import java.util.Locale;

/**
 * How far this node's part of a scale change has got, for {@code scale progress} (which
 * {@code mlos scale} asks each second of the node it waits for): a drain's grace period, then per
 * pass the keys found to move while the store is read, then the keys sent of those found.
 *
 * <p>Written by the one thread that runs the request, read by the control socket's: each step is
 * one immutable stage with its own counters, so a reader never sees one pass's count beside
 * another pass's total, and within a stage the counts only grow.
 */
final class MoveProgress {

    /** Counters of one stage, bumped by the writer alone (ordered stores; no read-modify-write races). */
    private static final class Stage {
        final String what;
        final boolean sending;
        final long total;
        volatile long count;

        Stage(String what, boolean sending, long total) {
            this.what = what;
            this.sending = sending;
            this.total = total;
        }
    }

    private final String operation;
    private final long start = System.nanoTime();
    private volatile Stage stage;

    /** @param operation {@code drain} or {@code rebalance} */
    MoveProgress(String operation) {
        this.operation = operation;
        this.stage = new Stage("starting", false, -1);
    }

    /** A step with no count (the grace period). */
    void step(String what) {
        stage = new Stage(what, false, -1);
    }

    /** Pass {@code pass} begins: the store is read for the keys another node owns. */
    void reading(int pass) {
        stage = new Stage("pass " + pass, false, -1);
    }

    /** One more key found to move while reading. */
    void found() {
        Stage s = stage;
        s.count = s.count + 1;
    }

    /** Reading is done: {@code total} keys to send. */
    void sending(int pass, long total) {
        stage = new Stage("pass " + pass, true, total);
    }

    /** {@code n} more keys sent (a batch the owner took). */
    void sent(long n) {
        Stage s = stage;
        s.count = s.count + n;
    }

    /** E.g. {@code drain pass 2: 1,000/4,000 keys sent, 1.2 s}. */
    String line() {
        Stage s = stage;
        double seconds = (System.nanoTime() - start) / 1e9;
        if (s.sending) {
            return String.format(Locale.ROOT, "%s %s: %,d/%,d keys sent, %.1f s", operation, s.what, s.count, s.total, seconds);
        }
        if (s.what.startsWith("pass ")) {
            return String.format(Locale.ROOT, "%s %s: reading the store, %,d keys to move so far, %.1f s", operation, s.what,
                    s.count, seconds);
        }
        return String.format(Locale.ROOT, "%s: %s, %.1f s", operation, s.what, seconds);
    }
}
