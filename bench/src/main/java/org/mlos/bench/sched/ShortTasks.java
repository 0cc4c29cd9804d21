package org.mlos.bench.sched;

import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;

/**
 * One submitter outside the executor keeps {@value #IN_FLIGHT} tasks in flight. Each task records
 * its start and, with {@code blockNanos > 0}, then blocks that long (a call to a slow service):
 * {@code short} is the plain-CPU form (nothing to do but start), {@code blocking} the form a
 * virtual thread per task exists for, where a fixed pool of N threads serves N calls at a time.
 */
final class ShortTasks implements Workload {

    static final int IN_FLIGHT = 256;
    static final int KEYS = 64;

    private final String name;
    private final long blockNanos;

    ShortTasks(String name, long blockNanos) {
        this.name = name;
        this.blockNanos = blockNanos;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double[] measure(Submit submit, int tasks) throws InterruptedException {
        long[] latency = new long[tasks];
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        long t0 = System.nanoTime();
        for (int i = 0; i < tasks; i++) {
            inFlight.acquire();
            int id = i;
            long submitted = System.nanoTime();
            submit.submit(i % KEYS, () -> {
                latency[id] = System.nanoTime() - submitted;
                if (blockNanos > 0) {
                    block(blockNanos);
                }
                inFlight.release();
            });
        }
        inFlight.acquire(IN_FLIGHT);
        return Workload.figures(latency, System.nanoTime() - t0);
    }

    /** Blocks the calling thread for at least {@code nanos}, as a call waiting on a reply would. */
    static void block(long nanos) {
        long end = System.nanoTime() + nanos;
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
