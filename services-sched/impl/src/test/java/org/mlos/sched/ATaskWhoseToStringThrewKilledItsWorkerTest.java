package org.mlos.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.sched.core.AbstractScheduler;

/**
 * Found by an outsider's trial: six Gogo shell closures given to the {@code loops} scheduler left
 * {@code completed=0, failed=2, queued=4} for good. A closure that threw also threw from its
 * {@code toString}, which the failure's log line called; that escaped the handler and ended the
 * worker thread ({@code Exception in thread "mlos-loop-0"}), and the tasks queued on it never ran.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ATaskWhoseToStringThrewKilledItsWorkerTest {

    static java.util.stream.Stream<String> schedulers() {
        return Schedulers.names();
    }

    /** A task that throws, and whose description throws too. */
    private static final class Rude implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("boom (expected by the test)") {
                @Override
                public String getMessage() {
                    throw new UnsupportedOperationException("no message either (expected by the test)");
                }
            };
        }

        @Override
        public String toString() {
            throw new NullPointerException("no description (expected by the test)");
        }
    }

    private static final Object RUDE_KEY = new Object() {
        @Override
        public String toString() {
            throw new IllegalStateException("no key description (expected by the test)");
        }

        @Override
        public int hashCode() {
            return 7;
        }
    };

    @ParameterizedTest
    @MethodSource("schedulers")
    void everyTaskQueuedBehindFailuresThatCannotBeDescribedStillRuns(String name) throws Exception {
        AbstractScheduler s = Schedulers.create(name);
        int rounds = 50;
        try {
            CountDownLatch ran = new CountDownLatch(2 * rounds);
            AtomicInteger keyedInOrder = new AtomicInteger();
            AtomicInteger outOfOrder = new AtomicInteger();
            for (int i = 0; i < rounds; i++) {
                int n = i;
                s.execute(new Rude());
                s.execute(RUDE_KEY, new Rude());
                s.execute(ran::countDown);
                s.execute(RUDE_KEY, () -> {
                    if (keyedInOrder.getAndIncrement() != n) {
                        outOfOrder.incrementAndGet();
                    }
                    ran.countDown();
                });
            }
            assertTrue(ran.await(30, TimeUnit.SECONDS), ran.getCount() + " of " + 2 * rounds + " tasks never ran");
            assertEquals(0, outOfOrder.get(), "the key's tasks ran in the order given");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (s.stats().failed() < 2L * rounds && System.nanoTime() < deadline) {
                Thread.sleep(10); // the failures before the last countDown are counted as they end
            }
            assertEquals(2L * rounds, s.stats().failed());
            assertEquals(0, s.queueDepth());
        } finally {
            s.retired();
        }
    }
}
