package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;

/**
 * Large state (200k entries) swapped live, paced so that each pre-copy pass lasts a while, under
 * writers that add, remove and re-create keys they own: every write made during pre-copy must be
 * in the new implementation, no removed key may come back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LivePreCopyTest {

    static final int FILL = 200_000, WRITERS = 4, KEYS = 3_000, OPS = 60_000;

    @ParameterizedTest
    @ValueSource(longs = { 0, 1_000_000 })
    void everyWriteDuringPreCopyArrives(long copyRate) throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withCopyRate(copyRate).withDrainMillis(3_000));
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "hash", new MapLedger("hash", false), 0);
        kernel.install(Ledger.class, "skip", new MapLedger("skip", true), 0);
        for (int i = 0; i < FILL; i++) {
            h.add("f" + i, i);
        }
        List<Map<String, Long>> models = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger running = new AtomicInteger(WRITERS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            Map<String, Long> model = new HashMap<>();
            models.add(model);
            int id = t;
            Runnable r = () -> {
                SplittableRandom rnd = new SplittableRandom(100 + id);
                try {
                    for (int i = 0; i < OPS; i++) {
                        String key = "w" + id + "-" + rnd.nextInt(KEYS);
                        if (rnd.nextInt(4) == 0) {
                            boolean had = model.remove(key) != null;
                            if (h.remove(key) != had) {
                                throw new AssertionError("remove " + key);
                            }
                        } else {
                            long want = model.merge(key, 1L, Long::sum);
                            long got = h.add(key, 1);
                            if (got != want) {
                                throw new AssertionError("add " + key + " got " + got + " want " + want);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    running.decrementAndGet();
                }
            };
            threads.add(id % 2 == 0 ? Thread.ofPlatform().start(r) : Thread.ofVirtual().start(r));
        }
        int swaps = 0;
        long replayed = 0;
        while (running.get() > 0 && swaps < 200) {
            SwapReport r = kernel.swap("Ledger", h.who().equals("hash") ? "skip" : "hash");
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            replayed += r.replayed();
            swaps++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "caller failures: " + failures.peek());
        long size = FILL;
        for (int t = 0; t < WRITERS; t++) {
            for (int k = 0; k < KEYS; k++) {
                String key = "w" + t + "-" + k;
                Long want = models.get(t).get(key);
                assertEquals(want == null ? 0 : want, h.get(key), key + " after " + swaps + " swaps");
            }
            size += models.get(t).size();
        }
        assertEquals(size, h.size());
        for (int i = 0; i < FILL; i += 997) {
            assertEquals(i, h.get("f" + i));
        }
        System.out.println("copyRate=" + copyRate + " swaps=" + swaps + " replayed=" + replayed);
    }
}
