package org.mlos.core.kernel;

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
 */
final class CallerLoad {

    /** One acknowledged-or-failed call: adds 1 to a key. */
    interface Adder {
        void add(String key);
    }

    private final int keys;
    private final long[][] acked;
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    CallerLoad(int platform, int virtual, int keys, Adder adder) {
        this.keys = keys;
        this.acked = new long[platform + virtual][keys];
        for (int t = 0; t < platform + virtual; t++) {
            long[] mine = acked[t];
            boolean yields = t >= platform;
            Runnable work = () -> {
                long i = 0;
                while (!stop.get()) {
                    if (yields && (i & 63) == 63) {
                        Thread.yield(); // virtual threads are not preempted: let the others have the carriers
                    }
                    int k = (int) (i++ % keys);
                    try {
                        adder.add(key(k));
                        mine[k]++;
                    } catch (Throwable e) {
                        failures.add(e);
                        return;
                    }
                }
            };
            threads.add(t < platform ? Thread.ofPlatform().name("caller-" + t).start(work)
                    : Thread.ofVirtual().name("vcaller-" + t).start(work));
        }
    }

    static String key(int k) {
        return "k" + k;
    }

    /** Stops the callers and asserts that every one of them ended (none left held or stuck). */
    void stop() throws InterruptedException {
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
    void assertNoFailures() {
        assertTrue(failures.isEmpty(), () -> "calls failed: " + failures);
    }

    /** Asserts that each key holds exactly what its callers were acknowledged; returns the total. */
    long assertNothingLost(ToLongFunction<String> read) {
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
