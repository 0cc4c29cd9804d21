package org.mlos.core.kernel;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.mlos.core.api.SwapProgress;
import org.mlos.core.api.SwapProgress.Phase;

/**
 * Where one swap is, written by the swapping thread alone and read by anyone asking for progress.
 * A phase change publishes a new immutable {@link Stage} with a counter of its own, so a reader
 * that takes one stage sees its phase, pass, total and count together, and never a count from
 * one pass beside the total of the next.
 */
final class SwapTracker {

    static final String ENTRIES = "entries";
    static final String KEYS = "keys";

    /** One phase (and pass) of a swap; {@code done} only grows. */
    static final class Stage {
        final Phase phase;
        final int pass;
        final long total;
        final String unit;
        private final AtomicLong done = new AtomicLong();

        Stage(Phase phase, int pass, long total, String unit) {
            this.phase = phase;
            this.pass = pass;
            this.total = total;
            this.unit = unit;
        }

        /** One more entry or key moved. A release store: the copy loop pays no fence per entry. */
        void moved() {
            done.setRelease(done.getPlain() + 1);
        }
    }

    private final String kind;
    private final String from;
    private final String to;
    private final String trigger;
    private final long startedNanos = System.nanoTime();
    private final long startedWall = System.currentTimeMillis();
    private volatile String mode = "-";
    private volatile Stage stage = new Stage(Phase.NEGOTIATING, 0, -1, ENTRIES);

    SwapTracker(String kind, String from, String to, String trigger) {
        this.kind = kind;
        this.from = from;
        this.to = to;
        this.trigger = trigger;
    }

    String kind() {
        return kind;
    }

    void mode(String mode) {
        this.mode = mode;
    }

    /** Enters a phase that moves nothing. */
    Stage enter(Phase phase) {
        return enter(phase, 0, -1, ENTRIES);
    }

    /** Enters a phase (or a pre-copy pass) that moves {@code total} of {@code unit} (-1: not known). */
    Stage enter(Phase phase, int pass, long total, String unit) {
        Stage s = new Stage(phase, pass, total, unit);
        stage = s;
        return s;
    }

    Stage stage() {
        return stage;
    }

    SwapProgress snapshot() {
        Stage s = stage;
        return new SwapProgress(kind, from, to, trigger, mode, s.phase, s.pass, s.done.getAcquire(), s.total, s.unit,
                startedWall, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }
}
