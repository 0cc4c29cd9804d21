package org.mlos.bench.sched;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fan-out/fan-in from inside the executor: {@code requests} requests run at once; each request's
 * step submits {@code width} parts, and the last part to finish submits the request's next step
 * (a scatter-gather, a query over shards). Every task but one, which opens the requests, is
 * submitted by a worker (see {@link Chains} for why).
 */
final class FanOut implements Workload {

    private final int requests;
    private final int width;

    FanOut(int requests, int width) {
        this.requests = requests;
        this.width = width;
    }

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public double[] measure(Submit submit, int tasks) throws InterruptedException {
        int steps = Math.max(1, tasks / (requests * (width + 1)));
        long[] latency = new long[requests * steps * (width + 1)];
        CountDownLatch done = new CountDownLatch(requests);
        long t0 = System.nanoTime();
        submit.submit(0, () -> {
            for (int r = 0; r < requests; r++) {
                Request q = new Request(submit, latency, done, r, steps);
                submit.submit(r, q.step(0));
            }
        });
        Workload.await(done, "fanout");
        return Workload.figures(latency, System.nanoTime() - t0);
    }

    private final class Request {
        final Submit submit;
        final long[] latency;
        final CountDownLatch done;
        final int id;
        final int steps;
        final AtomicInteger pending = new AtomicInteger();

        Request(Submit submit, long[] latency, CountDownLatch done, int id, int steps) {
            this.submit = submit;
            this.latency = latency;
            this.done = done;
            this.id = id;
            this.steps = steps;
        }

        /** Slot of task {@code part} (0 the step itself, 1.. its parts) of step {@code step}. */
        int slot(int step, int part) {
            return (id * steps + step) * (width + 1) + part;
        }

        Runnable step(int step) {
            long submitted = System.nanoTime();
            return () -> {
                latency[slot(step, 0)] = System.nanoTime() - submitted;
                pending.set(width);
                for (int p = 1; p <= width; p++) {
                    submit.submit(id, part(step, p));
                }
            };
        }

        Runnable part(int step, int p) {
            long submitted = System.nanoTime();
            return () -> {
                latency[slot(step, p)] = System.nanoTime() - submitted;
                if (pending.decrementAndGet() == 0) {
                    if (step + 1 < steps) {
                        submit.submit(id, step(step + 1));
                    } else {
                        done.countDown();
                    }
                }
            };
        }
    }
}
