package org.mlos.core.kernel;

import java.util.function.Function;

/**
 * Kernel-wide settings.
 *
 * @param drainMillis     how long a swap waits for calls in flight, per wait, before it rolls back
 * @param waitMillis      how long a caller waits for an implementation when a kind has none
 * @param countCalls      count calls on every kind (costs an atomic update per call)
 * @param historySize     swap reports kept
 * @param defaultImpl     a kind's default implementation (kind name to impl name, or null),
 *                        the profile's choice when no configuration says otherwise
 * @param copyRate        a ceiling on a live swap's copy while the old implementation serves, in
 *                        entries per second; 0 for none (see {@link CopyPace})
 */
public record KernelSettings(long drainMillis, long waitMillis, boolean countCalls, int historySize,
        Function<String, String> defaultImpl, long copyRate) {

    public static final long DEFAULT_DRAIN_MILLIS = 5_000;
    public static final int DEFAULT_HISTORY = 256;

    public KernelSettings {
        if (drainMillis <= 0) {
            throw new IllegalArgumentException("drainMillis must be positive, was " + drainMillis);
        }
        if (waitMillis < 0) {
            throw new IllegalArgumentException("waitMillis must not be negative, was " + waitMillis);
        }
        if (historySize <= 0) {
            throw new IllegalArgumentException("historySize must be positive, was " + historySize);
        }
        if (copyRate < 0) {
            throw new IllegalArgumentException("copyRate must not be negative (0: no ceiling), was " + copyRate);
        }
    }

    /** No ceiling on the live copy. */
    public KernelSettings(long drainMillis, long waitMillis, boolean countCalls, int historySize,
            Function<String, String> defaultImpl) {
        this(drainMillis, waitMillis, countCalls, historySize, defaultImpl, 0);
    }

    /** Defaults: 5 s drain, no wait for a missing implementation, no call counting. */
    public static KernelSettings defaults() {
        return new KernelSettings(DEFAULT_DRAIN_MILLIS, 0, false, DEFAULT_HISTORY, NO_DEFAULTS);
    }

    /** No profile defaults. A named class rather than a lambda: this runs on every node's boot path. */
    private static final Function<String, String> NO_DEFAULTS = new Function<>() {
        @Override
        public String apply(String kind) {
            return null;
        }
    };

    public KernelSettings withDrainMillis(long millis) {
        return new KernelSettings(millis, waitMillis, countCalls, historySize, defaultImpl, copyRate);
    }

    public KernelSettings withWaitMillis(long millis) {
        return new KernelSettings(drainMillis, millis, countCalls, historySize, defaultImpl, copyRate);
    }

    public KernelSettings withCountCalls(boolean count) {
        return new KernelSettings(drainMillis, waitMillis, count, historySize, defaultImpl, copyRate);
    }

    public KernelSettings withCopyRate(long entriesPerSecond) {
        return new KernelSettings(drainMillis, waitMillis, countCalls, historySize, defaultImpl, entriesPerSecond);
    }

    public KernelSettings withDefaultImpl(Function<String, String> lookup) {
        return new KernelSettings(drainMillis, waitMillis, countCalls, historySize, lookup, copyRate);
    }
}
