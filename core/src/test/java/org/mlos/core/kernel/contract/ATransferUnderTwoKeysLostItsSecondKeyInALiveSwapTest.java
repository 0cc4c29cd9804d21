package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;

/**
 * An outsider's ledger: {@code transfer(@Key from, @Key to, amount)}, swapped live under transfers.
 * The generated handle told the kernel only the first key changed, so a write to {@code to} made
 * after the pre-copy had passed it was never copied again: 175 to 356 units lost in 40 swaps, with
 * every swap COMPLETED. A mutation now names every key it changes; the total stays 0 and every
 * counter ends as the writers' own ledgers say.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ATransferUnderTwoKeysLostItsSecondKeyInALiveSwapTest {

    static final int FILL = 100_000, WRITERS = 4, KEYS = 2_000, OPS = 50_000;

    @Test
    void everyTransferDuringPreCopyArrivesWhole() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withCopyRate(1_000_000).withDrainMillis(3_000));
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "hash", new MapLedger("hash", false), 0);
        kernel.install(Ledger.class, "skip", new MapLedger("skip", true), 0);
        for (int i = 0; i < FILL; i++) {
            h.add("f" + i, 0);
        }
        List<long[]> models = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger running = new AtomicInteger(WRITERS);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < WRITERS; t++) {
            long[] model = new long[KEYS];
            models.add(model);
            int id = t;
            Runnable r = () -> {
                SplittableRandom rnd = new SplittableRandom(7 + id);
                try {
                    for (int i = 0; i < OPS; i++) {
                        int from = rnd.nextInt(KEYS);
                        int to = rnd.nextInt(KEYS);
                        model[from]--;
                        model[to]++;
                        long got = h.transfer("w" + id + "-" + from, "w" + id + "-" + to, 1);
                        if (got != model[to]) {
                            throw new AssertionError("transfer to w" + id + "-" + to + " got " + got + " want " + model[to]);
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
        while (running.get() > 0 && swaps < 200) {
            SwapReport r = kernel.swap("Ledger", h.who().equals("hash") ? "skip" : "hash");
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            swaps++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> "caller failures after " + failures.size() + ": " + failures.peek());
        long total = 0;
        int wrong = 0;
        for (int t = 0; t < WRITERS; t++) {
            for (int k = 0; k < KEYS; k++) {
                long got = h.get("w" + t + "-" + k);
                total += got;
                wrong += got == models.get(t)[k] ? 0 : 1;
            }
        }
        assertTrue(swaps > 0);
        assertEquals(0, wrong, "counters not as the writers left them, after " + swaps + " swaps (total " + total + ")");
        assertEquals(0, total, "units made or lost by " + swaps + " swaps");
    }
}
