package org.mlos.core.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kinds restarting in place ({@link org.mlos.core.api.Kernel#restartInPlace}), each as many
 * times as it was asked, and the implementation that served each as it went: the one the kind
 * waits for.
 */
final class InPlaceRestarts {

    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final Map<String, String> wentFrom = new ConcurrentHashMap<>();

    void begin(String kind) {
        open.merge(kind, 1, Integer::sum);
    }

    /** Ends one restart of {@code kind}; true if it was the last. */
    boolean end(String kind) {
        if (open.computeIfPresent(kind, (k, n) -> n == 1 ? null : n - 1) == null) {
            wentFrom.remove(kind);
            return true;
        }
        return false;
    }

    boolean on(String kind) {
        return open.containsKey(kind);
    }

    void went(String kind, String impl) {
        wentFrom.put(kind, impl);
    }

    /** The implementation {@code kind} waits for (the one that went while it restarts in place), or null. */
    String awaited(String kind) {
        return on(kind) ? wentFrom.get(kind) : null;
    }
}
