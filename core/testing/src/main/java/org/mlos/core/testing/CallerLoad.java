package org.mlos.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * Callers adding 1 to a set of keys at full speed, platform and virtual threads, each counting
 * the additions it was acknowledged. After {@link #stop()}, the state must hold exactly the sum
 * of the acknowledgements per key: nothing lost, nothing applied twice. Bounded by counts: the
 * callers run until told to stop, and the checks do not depend on how fast the machine is.
 *
 * <pre>{@code
 * CallerLoad load = CallerLoad.start(3, 2, 64, "c", key -> store.increment(key, 1));
 * load.alongside("reader", i -> assertEquals("filler-" + i % n, read("f" + i % n)));
 * ... swap, swap, swap ...
 * load.stop();
 * load.assertNoFailures();
 * load.assertNothingLost(key -> counterValue(key));
 * }</pre>
 */
public final class CallerLoad {

    /** One acknowledged-or-failed call: adds 1 to a key. */
    @FunctionalInterface
    public interface Adder {
        void add(String key) throws Exception;
    }

    /** One step of a thread that runs beside the callers (a reader checking what it reads); {@code i} counts steps. */
    @FunctionalInterface
    public interface Step {
        void run(long i) throws Exception;
    }

    private final int keys;
    private final String prefix;
    private final long[][] acked;
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    private CallerLoad(int callers, int keys, String prefix) {
        this.keys = keys;
        this.prefix = prefix;
        this.acked = new long[callers][keys];
    }

    /** Starts the callers on keys {@code k0 … k<keys-1>}. */
    public static CallerLoad start(int platform, int virtual, int keys, Adder adder) {
        return start(platform, virtual, keys, "k", adder);
    }

    /**
     * Starts {@code platform} platform and {@code virtual} virtual callers, each adding to the keys
     * {@code <prefix>0 … <prefix><keys-1>} in turn until {@link #stop()}. A caller whose call
     * throws records the failure and stops.
     */
    public static CallerLoad start(int platform, int virtual, int keys, String prefix, Adder adder) {
        CallerLoad load = new CallerLoad(platform + virtual, keys, prefix);
        for (int t = 0; t < platform + virtual; t++) {
            long[] mine = load.acked[t];
            boolean yields = t >= platform;
            Runnable work = () -> {
                long i = 0;
                while (!load.stop.get()) {
                    if (yields && (i & 63) == 63) {
                        Thread.yield(); // virtual threads are not preempted: let the others have the carriers
                    }
                    int k = (int) (i++ % keys);
                    try {
                        adder.add(load.key(k));
                        mine[k]++;
                    } catch (Throwable e) {
                        load.failures.add(e);
                        return;
                    }
                }
            };
            load.threads.add(t < platform ? Thread.ofPlatform().name("caller-" + t).start(work)
                    : Thread.ofVirtual().name("vcaller-" + t).start(work));
        }
        return load;
    }

    /** Runs {@code step} over and over on a platform thread of its own until {@link #stop()}; a throw is a failure. */
    public CallerLoad alongside(String name, Step step) {
        threads.add(Thread.ofPlatform().name(name).start(() -> {
            long i = 0;
            while (!stop.get()) {
                try {
                    step.run(i++);
                } catch (Throwable e) {
                    failures.add(e);
                    return;
                }
            }
        }));
        return this;
    }

    /** The name of key {@code k}. */
    public String key(int k) {
        return prefix + k;
    }

    /** Stops the callers and asserts that every one of them ended (none left held or stuck). */
    public void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(30_000);
        }
        for (Thread t : threads) {
            assertTrue(!t.isAlive(), () -> t.getName() + " never returned from its call: "
                    + List.of(t.getStackTrace()));
        }
    }

    /** Asserts that no caller saw an exception. */
    public void assertNoFailures() {
        assertTrue(failures.isEmpty(), () -> "calls failed: " + failures);
    }

    /** Asserts that each key holds exactly what its callers were acknowledged; returns the total. */
    public long assertNothingLost(ToLongFunction<String> read) {
        long total = 0;
        for (int k = 0; k < keys; k++) {
            long expected = 0;
            for (long[] perThread : acked) {
                expected += perThread[k];
            }
            total += expected;
            assertEquals(expected, read.applyAsLong(key(k)), "key " + key(k) + " (lost if lower, doubled if higher)");
        }
        return total;
    }
}
