package org.mlos.fault.supervise;

import java.util.Arrays;
import java.util.function.LongSupplier;

import org.mlos.fault.api.HealthCheck;
import org.mlos.mem.api.KeyValueStore;

/**
 * A health check of the key-value store kind by probing it through its handle: one read of a key
 * no client uses, timed. Sampled once a second all the time ({@link #sample()}), so there is a
 * baseline from before a swap; while a store is on probation every check probes again. Unhealthy:
 * a probe that throws (its error rate is 100%), or, once {@value #MIN_SAMPLES} probes were taken
 * on probation, a median latency above {@value #FACTOR} times the median before the swap and at
 * least {@value #SLACK_NANOS} ns more; the latter only when the swap left the store where it ran
 * (see {@link HealthCheck#unhealthy(String, String, boolean)}).
 */
public final class StoreProbe implements HealthCheck {

    static final String KEY = "mlos:health-probe";
    static final int MIN_SAMPLES = 10;
    static final int FACTOR = 10;
    static final long SLACK_NANOS = 1_000_000;
    private static final int RING = 32;
    /** The supervisor checks every 100 ms while a kind is on probation; silence this long means it ended. */
    private static final long QUIET_NANOS = 1_000_000_000;

    private final KeyValueStore store;
    private final LongSupplier nanos;
    private final long[] ring = new long[RING];
    private int ringCount;
    private String onProbation;
    private long baseline;
    private final long[] probation = new long[RING];
    private int probationCount;
    private long lastCheck;

    public StoreProbe(KeyValueStore store, LongSupplier nanos) {
        this.store = store;
        this.nanos = nanos;
    }

    /** One probe for the baseline; a failure here is left to the checks on probation. */
    public synchronized void sample() {
        if (onProbation != null) {
            if (nanos.getAsLong() - lastCheck < QUIET_NANOS) {
                return; // on probation: the baseline is what served before the swap
            }
            // no check for a while: the probation ended (passed or failed); a new baseline
            onProbation = null;
            ringCount = 0;
        }
        try {
            ring[ringCount++ % RING] = probe();
        } catch (RuntimeException e) {
            // not on probation: nothing to decide
        }
    }

    @Override
    public String unhealthy(String kind, String impl) {
        return unhealthy(kind, impl, true);
    }

    /** With {@code speedComparable} false only a read that throws is unhealthy (the probes still time it). */
    @Override
    public synchronized String unhealthy(String kind, String impl, boolean speedComparable) {
        lastCheck = nanos.getAsLong();
        if (!impl.equals(onProbation)) {
            onProbation = impl;
            baseline = median(ring, Math.min(ringCount, RING));
            probationCount = 0;
        }
        long t;
        try {
            t = probe();
        } catch (RuntimeException e) {
            return "a read through the handle failed: " + e;
        }
        probation[probationCount++ % RING] = t;
        int n = Math.min(probationCount, RING);
        if (!speedComparable || n < MIN_SAMPLES || baseline == 0) {
            return null;
        }
        long now = median(probation, n);
        if (now > baseline * FACTOR && now > baseline + SLACK_NANOS) {
            return "read latency p50 " + now / 1000 + " us against " + baseline / 1000 + " us before the swap";
        }
        return null;
    }

    private long probe() {
        long t0 = nanos.getAsLong();
        store.get(KEY);
        return Math.max(1, nanos.getAsLong() - t0);
    }

    private static long median(long[] values, int n) {
        if (n == 0) {
            return 0;
        }
        long[] c = Arrays.copyOf(values, n);
        Arrays.sort(c);
        return c[n / 2];
    }
}
