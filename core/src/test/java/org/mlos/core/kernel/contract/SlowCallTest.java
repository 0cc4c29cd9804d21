package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;

/** A call in flight longer than the drain time: the swap rolls back; the call is applied exactly once. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowCallTest {

    static final class Slow extends MapLedger {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);

        Slow(String name) {
            super(name, false);
        }

        @Override
        public long add(String key, long delta) {
            if (key.equals("slow")) {
                entered.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.add(key, delta);
        }
    }

    void run(boolean virtual, boolean duringCopy) throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(400));
        Ledger h = kernel.handle(Ledger.class);
        Slow a = new Slow("a");
        kernel.install(Ledger.class, "a", a, 0);
        kernel.install(Ledger.class, "b", new MapLedger("b", true), 0);
        for (int i = 0; i < 2_000; i++) {
            h.add("f" + i, 1);
        }
        AtomicLong result = new AtomicLong(-1);
        Runnable slow = () -> result.set(h.add("slow", 1));
        Thread t;
        if (duringCopy) {
            // started from within the export's copy: a mediated call in the epoch the hold drains
            t = null;
            MapLedger starter = a;
            Thread[] holder = new Thread[1];
            kernel.install(Ledger.class, "c", new MapLedger("c", true) {
                long n;

                @Override
                protected void onImport(long k) {
                    if (++n == 1000) {
                        holder[0] = virtual ? Thread.ofVirtual().start(slow) : Thread.ofPlatform().start(slow);
                        try {
                            a.entered.await();
                        } catch (InterruptedException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }
            }, 0);
            SwapReport r = kernel.swap("Ledger", "c");
            System.out.println(r.toLine());
            assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
            assertEquals(SwapStep.HOLD, r.failedStep(), r.toLine());
            t = holder[0];
        } else {
            t = virtual ? Thread.ofVirtual().start(slow) : Thread.ofPlatform().start(slow);
            a.entered.await();
            SwapReport r = kernel.swap("Ledger", "b");
            System.out.println(r.toLine());
            assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
            assertEquals(SwapStep.DRAIN, r.failedStep(), r.toLine());
        }
        assertEquals("a", h.who());
        assertEquals(2_000, h.size());
        a.go.countDown();
        t.join();
        assertEquals(1, result.get());
        assertEquals(1, h.get("slow"));
        SwapReport again = kernel.swap("Ledger", "b");
        assertEquals(SwapOutcome.COMPLETED, again.outcome(), again.toLine());
        assertEquals(1, h.get("slow"));
        assertEquals(2_001, h.size());
    }

    @Test
    void platformBeforeSwap() throws Exception {
        run(false, false);
    }

    @Test
    void virtualBeforeSwap() throws Exception {
        run(true, false);
    }

    @Test
    void platformDuringCopy() throws Exception {
        run(false, true);
    }

    @Test
    void virtualDuringCopy() throws Exception {
        run(true, true);
    }
}
