package org.mlos.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.opentest4j.AssertionFailedError;

/**
 * Runs one body on several platform threads at once and waits for them all; whatever any of them
 * threw fails the test, each one attached with its stack trace. For concurrency tests bounded by
 * counts: each body does a fixed number of operations, so the test's outcome does not depend on
 * the machine's speed.
 *
 * <pre>{@code
 * Concurrently.run(8, thread -> {
 *     for (int i = 0; i < 20_000; i++) { ... }
 * });
 * }</pre>
 */
public final class Concurrently {

    private Concurrently() {
    }

    /** What each thread runs; {@code thread} numbers them from 0. */
    @FunctionalInterface
    public interface Body {
        void run(int thread) throws Exception;
    }

    /** Runs {@code body} on {@code threads} threads, returning when all have ended; fails if any threw. */
    public static void run(int threads, Body body) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            all.add(Thread.ofPlatform().name("concurrently-" + id).start(() -> {
                try {
                    body.run(id);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        if (!failures.isEmpty()) {
            AssertionFailedError failed = new AssertionFailedError(failures.size() + " thread(s) failed: " + failures);
            failures.forEach(failed::addSuppressed); // each with its stack trace
            throw failed;
        }
    }
}
