package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;

/**
 * A mediated mutating call whose key's hashCode() throws while a live swap logs keys: the
 * generated handle calls mlos$enterMutation(key) before its try/finally, and the gate counts the
 * call (depth 1, epoch +1) before the dirty log hashes the key. The exception reaches the caller,
 * but the gate never sees the call end: the swap under way waits for it and rolls back at its
 * drain time, and the caller's thread stays "inside a call" for good: its later calls pass every
 * hold uncounted, so a write it makes while a later swap holds callers lands in the old
 * implementation after its state was copied, and is lost.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AKeyWhoseHashCodeThrewLeakedItsCallInTheGateTest {

    /** A composite key whose hash cannot be computed (a lazily loaded part that failed, say). */
    static final class BadKey {
        @Override
        public int hashCode() {
            throw new IllegalStateException("key part not loaded");
        }
    }

    @Test
    void aFailedKeyLeavesTheGateCountingACallForever() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(500));
        Shelf h = kernel.handle(Shelf.class);
        SynchronousQueue<Runnable> work = new SynchronousQueue<>();
        AtomicLong afterAck = new AtomicLong(-1);
        CountDownLatch afterDone = new CountDownLatch(1);
        // One long-lived virtual caller thread (virtual threads always take the mediated path;
        // a platform thread does too while calls are counted or a swap mediates).
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Runnable r = work.take();
                    r.run();
                }
            } catch (InterruptedException e) {
                // done
            }
        });
        CountDownLatch inCopy = new CountDownLatch(1);
        CountDownLatch badDone = new CountDownLatch(1);
        MapShelf a = new MapShelf("a");
        kernel.install(Shelf.class, "a", a, 0);
        // during the first swap's live copy, the caller makes its call with the bad key
        MapShelf b1 = new MapShelf("b1") {
            @Override
            public org.mlos.core.state.StateImport importState(String format) {
                org.mlos.core.state.StateImport i = super.importState(format);
                try {
                    work.put(() -> {
                        try {
                            h.add(new BadKey(), 1);
                        } catch (IllegalStateException expected) {
                            // the caller is told
                        } finally {
                            badDone.countDown();
                        }
                    });
                    badDone.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                return i;
            }
        };
        // the second swap: while callers are held (the import's check), the same caller writes
        MapShelf b2 = new MapShelf("b2") {
            @Override
            protected void beforeServingHook() {
                try {
                    work.put(() -> {
                        afterAck.set(h.add("after", 1));
                        afterDone.countDown();
                    });
                    // a held caller would wait for the release; this one comes back
                    afterDone.await(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }
        };
        kernel.install(Shelf.class, "b1", b1, 0);
        kernel.install(Shelf.class, "b2", b2, 0);
        h.add("k", 1);
        try {
            SwapReport first = kernel.swap("Shelf", "b1");
            System.out.println(first.toLine());
            SwapReport second = kernel.swap("Shelf", "b2");
            System.out.println(second.toLine());
            System.out.println("write by the caller during the hold acknowledged with " + afterAck.get()
                    + "; after the swap: " + h.get("after") + " on " + h.who());
            long ack = afterAck.get();
            long after = h.get("after");
            org.junit.jupiter.api.Assertions.assertAll(
                    () -> assertEquals(SwapOutcome.COMPLETED, first.outcome(), "the bad key's call stalled the swap: " + first.toLine()),
                    () -> assertEquals(SwapOutcome.COMPLETED, second.outcome(), second.toLine()),
                    () -> assertEquals(ack == -1 ? 0 : ack, after, "write acknowledged (" + ack + ") while callers were held, lost after the swap"));
        } finally {
            caller.interrupt();
        }
    }
}
