package org.mlos.bench.reps;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.mlos.core.reps.PerCoreCounter;

/**
 * Every core incrementing one counter: a thread per processor, each a fixed number of increments.
 * Each counter type has its own loop, so every call site stays monomorphic (one shared loop over
 * an interface would make the JIT dispatch, and charge that to whichever type came last).
 */
final class CounterRace implements AutoCloseable {

    enum Type {
        ATOMICLONG, LONGADDER, PERCORE
    }

    private final int threads;
    private final long perThread;
    private final Thread[] workers;
    private final CyclicBarrier start;
    private final CyclicBarrier end;
    private volatile Type type;
    private volatile AtomicLong atomic;
    private volatile LongAdder adder;
    private volatile PerCoreCounter perCore;
    private volatile boolean closing;

    CounterRace(int threads, long perThread) {
        this.threads = threads;
        this.perThread = perThread;
        this.start = new CyclicBarrier(threads + 1);
        this.end = new CyclicBarrier(threads + 1);
        this.workers = new Thread[threads];
        // Started together, so their ids are consecutive: each has a representative of its own.
        for (int t = 0; t < threads; t++) {
            workers[t] = Thread.ofPlatform().name("reps-counter-" + t).daemon().start(this::work);
        }
    }

    /** One race of a type: elapsed nanoseconds; throws if the count is not exact. */
    long race(Type t) throws Exception {
        type = t;
        atomic = new AtomicLong();
        adder = new LongAdder();
        perCore = new PerCoreCounter();
        start.await();
        long t0 = System.nanoTime();
        end.await();
        long elapsed = System.nanoTime() - t0;
        long counted = switch (t) {
            case ATOMICLONG -> atomic.get();
            case LONGADDER -> adder.sum();
            case PERCORE -> perCore.sum();
        };
        if (counted != threads * perThread) {
            throw new IllegalStateException(t + " counted " + counted + ", not " + threads * perThread);
        }
        return elapsed;
    }

    long operations() {
        return threads * perThread;
    }

    private void work() {
        try {
            while (true) {
                start.await();
                if (closing) {
                    return;
                }
                switch (type) {
                    case ATOMICLONG -> atomicLoop(atomic, perThread);
                    case LONGADDER -> adderLoop(adder, perThread);
                    case PERCORE -> perCoreLoop(perCore, perThread);
                }
                end.await();
            }
        } catch (Exception e) {
            if (!closing) {
                throw new IllegalStateException("counter race worker failed", e);
            }
        }
    }

    private static void atomicLoop(AtomicLong c, long n) {
        for (long i = 0; i < n; i++) {
            c.incrementAndGet();
        }
    }

    private static void adderLoop(LongAdder c, long n) {
        for (long i = 0; i < n; i++) {
            c.increment();
        }
    }

    private static void perCoreLoop(PerCoreCounter c, long n) {
        for (long i = 0; i < n; i++) {
            c.increment();
        }
    }

    @Override
    public void close() throws Exception {
        closing = true;
        start.await();
        for (Thread w : workers) {
            w.join(5000);
        }
    }
}
