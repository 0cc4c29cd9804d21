package org.mlos.launcher.scale;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * How far a scale change has got, for {@code mlos scale}'s progress lines: a scale-out starts
 * node processes (seconds each), copies keys in two passes with a grace period between, a
 * scale-in drains and stops nodes; a command that printed nothing meanwhile looked hung.
 *
 * <p>Written by the thread that scales, read by the one that prints: each step publishes one
 * immutable picture (step, nodes done of how many, keys moved so far), so a reader never sees a
 * step beside another step's counts; what happened to each node (ready, its pass answered,
 * drained, stopped) is added once to a list that only grows. A reader gets the summary line, then
 * each of those lines indented by two spaces, which {@code ProgressLines} prints once each:
 *
 * <pre>
 * scale cache +1: copying keys, pass 1, 1/2 nodes done, 1,204 keys copied, 3.1 s; cache-2 (pid 4711): ...
 *   cache-1 (pid 4712) copied 1,204 keys to the new nodes (pass 1)
 * </pre>
 */
public final class ScaleProgress {

    private record Picture(String step, int done, int total, String doneWord, long keys, String keysWord,
            Supplier<String> inFlight) {
    }

    private final String subject;
    private final long start = System.nanoTime();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private volatile Picture picture;

    /** @param subject what changes, e.g. {@code scale cache +1} */
    public ScaleProgress(String subject) {
        this.subject = subject;
        this.picture = new Picture("starting", 0, 0, null, -1, null, null);
    }

    /** A step with no count (waiting for the registry, the grace period). */
    void step(String step) {
        picture = new Picture(step, 0, 0, null, -1, null, null);
    }

    /**
     * A step over nodes: {@code done} of {@code total} nodes are {@code doneWord}; with
     * {@code keysWord}, {@code keys} keys so far; {@code inFlight}, when not null, asks the node at
     * work how far its own part has got (its line, or null).
     */
    void step(String step, int done, int total, String doneWord, long keys, String keysWord, Supplier<String> inFlight) {
        if (done < 0 || done > total) {
            throw new IllegalArgumentException(done + " of " + total + " nodes done");
        }
        picture = new Picture(step, done, total, doneWord, keysWord == null ? -1 : keys, keysWord, inFlight);
    }

    /** Something that happened to one node, printed once. */
    void event(String line) {
        events.add(line);
    }

    /** The summary line, then each event indented by two spaces; what {@code mlos scale} prints each second. */
    public String lines() {
        StringBuilder b = new StringBuilder(summary());
        b.append('\n');
        for (String e : events) {
            b.append("  ").append(e).append('\n');
        }
        return b.toString();
    }

    /** The summary line alone. */
    public String summary() {
        return summary(picture, (System.nanoTime() - start) / 1_000_000);
    }

    String summary(long elapsedMillis) {
        return summary(picture, elapsedMillis);
    }

    private String summary(Picture p, long elapsedMillis) {
        StringBuilder b = new StringBuilder(subject).append(": ").append(p.step());
        if (p.doneWord() != null) {
            b.append(String.format(Locale.ROOT, ", %d/%d nodes %s", p.done(), p.total(), p.doneWord()));
        }
        if (p.keysWord() != null) {
            b.append(String.format(Locale.ROOT, ", %,d keys %s", p.keys(), p.keysWord()));
        }
        b.append(String.format(Locale.ROOT, ", %.1f s", elapsedMillis / 1000.0));
        String detail = p.inFlight() == null ? null : ask(p.inFlight());
        if (detail != null && !detail.isBlank()) {
            b.append("; ").append(detail.strip());
        }
        return b.toString();
    }

    /** The node's answer, or nothing: a node that cannot tell (older, busy, stopping) leaves the line as it is. */
    private static String ask(Supplier<String> inFlight) {
        try {
            return inFlight.get();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
