package org.mlos.bench.sched;

import java.util.concurrent.CountDownLatch;

/**
 * Event-loop work: {@code chains} independent chains (connections) run at once, and each step
 * submits the chain's next step from inside the executor, as a continuation or the next
 * message of a connection does. No thread outside the executor submits anything but one task,
 * which opens the chains from inside (a loop accepting connections): what is measured is how the
 * executor takes work from its own workers. Seeded from outside instead, a work-stealing pool
 * runs each chain to its end before it looks at the next one's first step (its own queue before
 * the submission queue), and the latency figures would hide that wait. Keyed subjects use the
 * chain as the key (a connection's messages in order).
 */
final class Chains implements Workload {

    private final int chains;

    Chains(int chains) {
        this.chains = chains;
    }

    @Override
    public String name() {
        return "chain";
    }

    @Override
    public double[] measure(Submit submit, int tasks) throws InterruptedException {
        int steps = Math.max(1, tasks / chains);
        long[] latency = new long[steps * chains];
        CountDownLatch done = new CountDownLatch(chains);
        long t0 = System.nanoTime();
        submit.submit(0, () -> {
            for (int c = 0; c < chains; c++) {
                submit.submit(c, new Step(submit, latency, done, c, steps, 0));
            }
        });
        Workload.await(done, "chain");
        return Workload.figures(latency, System.nanoTime() - t0);
    }

    /** One step of a chain; it submits the next. */
    private static final class Step implements Runnable {
        private final Submit submit;
        private final long[] latency;
        private final CountDownLatch done;
        private final int chain;
        private final int steps;
        private final int index;
        private final long submitted = System.nanoTime();

        Step(Submit submit, long[] latency, CountDownLatch done, int chain, int steps, int index) {
            this.submit = submit;
            this.latency = latency;
            this.done = done;
            this.chain = chain;
            this.steps = steps;
            this.index = index;
        }

        @Override
        public void run() {
            latency[chain * steps + index] = System.nanoTime() - submitted;
            if (index + 1 < steps) {
                submit.submit(chain, new Step(submit, latency, done, chain, steps, index + 1));
            } else {
                done.countDown();
            }
        }
    }
}
