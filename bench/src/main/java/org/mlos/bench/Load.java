package org.mlos.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/** Runs an operation in a few threads for a fixed time and counts operations per second. */
public final class Load {

    /** One thread's loop body: performs one operation. */
    public interface Op {
        void run(java.util.concurrent.ThreadLocalRandom rnd);
    }

    private Load() {
    }

    /** Operations per second over {@code seconds}, after {@code warmupSeconds} not counted. */
    public static double opsPerSecond(int threads, double warmupSeconds, double seconds, Op op) throws InterruptedException {
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder ops = new LongAdder();
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(Thread.ofPlatform().start(() -> {
                java.util.concurrent.ThreadLocalRandom rnd = java.util.concurrent.ThreadLocalRandom.current();
                long n = 0;
                boolean counted = false;
                while (!stop.get()) {
                    op.run(rnd);
                    if (counting.get()) {
                        if (!counted) {
                            counted = true;
                            n = 0;
                        }
                        n++;
                    }
                }
                ops.add(n);
            }));
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        counting.set(true);
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        long elapsed = System.nanoTime() - t0;
        for (Thread t : all) {
            t.join();
        }
        return ops.sum() / (elapsed / 1e9);
    }
}
