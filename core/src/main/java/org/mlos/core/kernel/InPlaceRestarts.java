package org.mlos.core.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kinds restarting in place ({@link org.mlos.core.api.Kernel#restartInPlace}), by name (a
 * kind whose API bundle restarts gets a new slot of the same name), each as many times as it was
 * asked, and the implementation that served each as it went: the one the kind waits for. One
 * record a kind, changed atomically: two rollouts on one node may begin and end them at once.
 */
final class InPlaceRestarts {

    /** How many restarts are open; the implementation that went (null: none yet) and whether it had been asked for. */
    private record Open(int count, String went, boolean asked) {
    }

    private final Map<String, Open> open = new ConcurrentHashMap<>();

    void begin(String kind) {
        open.merge(kind, new Open(1, null, false), (o, n) -> new Open(o.count() + 1, o.went(), o.asked()));
    }

    /** Ends one restart of {@code kind}; true if it was the last one open. */
    boolean end(String kind) {
        boolean[] last = new boolean[1];
        open.computeIfPresent(kind, (k, o) -> {
            last[0] = o.count() == 1;
            return last[0] ? null : new Open(o.count() - 1, o.went(), o.asked());
        });
        return last[0];
    }

    boolean on(String kind) {
        return open.containsKey(kind);
    }

    /** The active implementation of {@code kind} went while it restarts in place; {@code asked}: it had been swapped to. */
    void went(String kind, String impl, boolean asked) {
        open.computeIfPresent(kind, (k, o) -> new Open(o.count(), impl, asked));
    }

    /** The implementation {@code kind} waits for (the one that went while it restarts in place), or null. */
    String awaited(String kind) {
        Open o = open.get(kind);
        return o == null ? null : o.went();
    }

    /** Whether the implementation that went had been asked for: so is it as it comes back. */
    boolean wasAsked(String kind) {
        Open o = open.get(kind);
        return o != null && o.asked();
    }
}
