package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
 * Platform and virtual callers add, remove and add-then-throw on keys each owns, keeping their
 * own model of what was acknowledged, while the kind swaps between two implementations many
 * times, some swaps failing at export, import, or activation. Final state must equal the models.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HammerTest {

    static final int PLATFORM = 4, VIRTUAL = 4, KEYS = 40, OPS = 40_000;

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void nothingLostNothingDoubled(boolean countCalls) throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withCountCalls(countCalls).withDrainMillis(2_000));
        Ledger h = kernel.handle(Ledger.class);
        FaultyLedger hash = new FaultyLedger("hash", false);
        FaultyLedger skip = new FaultyLedger("skip", true);
        kernel.install(Ledger.class, "hash", hash, 0);
        kernel.install(Ledger.class, "skip", skip, 0);
        // filler so that copies take a while
        for (int i = 0; i < 5_000; i++) {
            h.add("fill" + i, i);
        }
        int callers = PLATFORM + VIRTUAL;
        List<Map<String, Long>> models = new ArrayList<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger running = new AtomicInteger(callers);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            Map<String, Long> model = new HashMap<>();
            models.add(model);
            int id = t;
            Runnable r = () -> {
                SplittableRandom rnd = new SplittableRandom(id);
                try {
                    for (int i = 0; i < OPS; i++) {
                        String key = "t" + id + "-" + rnd.nextInt(KEYS);
                        int op = rnd.nextInt(10);
                        if (op < 6) {
                            long d = 1 + rnd.nextInt(5);
                            long got = h.add(key, d);
                            long want = model.merge(key, d, Long::sum);
                            if (got != want) {
                                throw new AssertionError("add " + key + " returned " + got + " want " + want);
                            }
                        } else if (op < 8) {
                            boolean had = model.remove(key) != null;
                            boolean got = h.remove(key);
                            if (had != got) {
                                throw new AssertionError("remove " + key + " returned " + got + " want " + had);
                            }
                        } else {
                            boolean checked = op == 8;
                            long want = model.merge(key, 1L, Long::sum);
                            try {
                                h.addThenThrow(key, 1, checked);
                                throw new AssertionError("no exception");
                            } catch (IOException e) {
                                if (!checked || !e.getMessage().equals("checked " + key + "=" + want)) {
                                    throw new AssertionError("wrong exception " + e);
                                }
                            } catch (IllegalStateException e) {
                                if (checked || !e.getMessage().equals("unchecked " + key + "=" + want)) {
                                    throw new AssertionError("wrong exception " + e);
                                }
                            }
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    running.decrementAndGet();
                }
            };
            threads.add(t < PLATFORM ? Thread.ofPlatform().start(r) : Thread.ofVirtual().start(r));
        }
        FaultyLedger.Fault[] faults = FaultyLedger.Fault.values();
        int swaps = 0, injected = 0, completed = 0, rolledBack = 0;
        while (running.get() > 0 && swaps < 3_000) {
            String to = h.who().equals("hash") ? "skip" : "hash";
            FaultyLedger from = to.equals("skip") ? hash : skip;
            FaultyLedger target = to.equals("skip") ? skip : hash;
            FaultyLedger.Fault f = null;
            if (swaps % 7 == 3) {
                f = faults[(swaps / 7) % faults.length];
                injected++;
                (f == FaultyLedger.Fault.EXPORT_HALFWAY ? from : target).armed.set(f);
            }
            String before = h.who();
            SwapReport r = kernel.swap("Ledger", to);
            swaps++;
            if (r.outcome() == SwapOutcome.COMPLETED) {
                completed++;
                assertEquals(to, h.who(), r.toLine());
            } else {
                rolledBack++;
                assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
                assertEquals(before, h.who(), r.toLine());
            }
            // a fault that did not fire (export with < 7 entries etc.) must not linger
            hash.armed.set(null);
            skip.armed.set(null);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " caller failures, first: " + failures.peek());
        int expectedSize = 5_000;
        for (int t = 0; t < callers; t++) {
            for (Map.Entry<String, Long> e : models.get(t).entrySet()) {
                assertEquals(e.getValue().longValue(), h.get(e.getKey()), "key " + e.getKey() + " after " + swaps + " swaps");
            }
            for (int k = 0; k < KEYS; k++) {
                String key = "t" + t + "-" + k;
                if (!models.get(t).containsKey(key)) {
                    assertEquals(0, h.get(key), "removed key came back: " + key);
                }
            }
            expectedSize += models.get(t).size();
        }
        for (int i = 0; i < 5_000; i++) {
            assertEquals(i, h.get("fill" + i));
        }
        assertEquals(expectedSize, h.size());
        System.out.println("swaps=" + swaps + " completed=" + completed + " rolledBack=" + rolledBack + " injected=" + injected);
        assertTrue(swaps > 10, "too few swaps to mean anything: " + swaps);
    }
}
