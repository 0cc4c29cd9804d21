package org.mlos.core.kernel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MiscContractTest {

    @Test
    void unknownAndSameImplementation() {
        SwapKernel kernel = new SwapKernel();
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        kernel.install(Ledger.class, "b", new MapLedger("b", false), 0);
        h.add("x", 5);
        int before = kernel.history().size();
        assertThrows(IllegalArgumentException.class, () -> kernel.swap("Ledger", "nope"));
        assertThrows(IllegalArgumentException.class, () -> kernel.swap("NoSuchKind", "a"));
        SwapReport same = kernel.swap("Ledger", "a");
        assertEquals(SwapOutcome.REFUSED, same.outcome());
        assertEquals(5, h.get("x"));
        assertEquals("a", h.who());
        assertEquals(before + 1, kernel.history().size());
    }

    /** An iterator taken before a swap keeps reading the old implementation (no error, frozen view). */
    @Test
    void iteratorHeldAcrossASwap() {
        SwapKernel kernel = new SwapKernel();
        Ledger h = kernel.handle(Ledger.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        kernel.install(Ledger.class, "b", new MapLedger("b", true), 0);
        for (int i = 0; i < 10; i++) {
            h.add("k" + i, 1);
        }
        Iterator<String> it = h.keys();
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("Ledger", "b").outcome());
        h.add("new", 1);
        int n = 0;
        boolean sawNew = false;
        while (it.hasNext()) {
            sawNew |= it.next().equals("new");
            n++;
        }
        System.out.println("iterator from the old implementation after the swap: " + n + " keys, saw new=" + sawNew);
        assertEquals(11, h.size());
    }

    /** Two threads swap the same kind at once, many times, under callers: every swap reported, nothing lost. */
    @Test
    void concurrentSwapsOfOneKindAndOfTwoKinds() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(2_000));
        Ledger h = kernel.handle(Ledger.class);
        org.mlos.core.testkinds.Counters c = kernel.handle(org.mlos.core.testkinds.Counters.class);
        kernel.install(Ledger.class, "a", new MapLedger("a", false), 0);
        kernel.install(Ledger.class, "b", new MapLedger("b", true), 0);
        kernel.install(org.mlos.core.testkinds.Counters.class, "m1", new org.mlos.core.testkinds.MapCounters("m1"), 0);
        kernel.install(org.mlos.core.testkinds.Counters.class, "m2", new org.mlos.core.testkinds.MapCounters("m2"), 0);
        int ops = 30_000;
        AtomicInteger failures = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int id = t;
            callers.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < ops; i++) {
                        h.add("L" + id + "-" + (i % 17), 1);
                        c.add("C" + id + "-" + (i % 13), 1);
                    }
                } catch (Throwable e) {
                    e.printStackTrace();
                    failures.incrementAndGet();
                }
            }));
        }
        int per = 150;
        CyclicBarrier start = new CyclicBarrier(3);
        AtomicInteger reports = new AtomicInteger();
        List<Thread> swappers = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            int id = s;
            swappers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int i = 0; i < per; i++) {
                        SwapReport r = id < 2 ? kernel.swap("Ledger", (i + id) % 2 == 0 ? "b" : "a")
                                : kernel.swap("Counters", i % 2 == 0 ? "m2" : "m1");
                        if (r.outcome() == SwapOutcome.ROLLED_BACK) {
                            System.out.println(r.toLine());
                            failures.incrementAndGet();
                        }
                        reports.incrementAndGet();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    failures.incrementAndGet();
                }
            }));
        }
        for (Thread t : swappers) {
            t.join();
        }
        for (Thread t : callers) {
            t.join();
        }
        assertEquals(0, failures.get());
        assertEquals(3 * per, reports.get());
        for (int t = 0; t < 3; t++) {
            long sumL = 0, sumC = 0;
            for (int k = 0; k < 17; k++) {
                sumL += h.get("L" + t + "-" + k);
            }
            for (int k = 0; k < 13; k++) {
                sumC += c.get("C" + t + "-" + k);
            }
            assertEquals(ops, sumL);
            assertEquals(ops, sumC);
        }
    }

    /** The old implementation's bundle stops while a swap away from it runs (uninstall waits for it). */
    @Test
    void oldImplementationRemovedMidSwap() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Ledger h = kernel.handle(Ledger.class);
        CountDownLatch exporting = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        MapLedger a = new MapLedger("a", false) {
            @Override
            protected void onExport(long n) {
                if (n == 1) {
                    exporting.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                }
            }
        };
        FaultyLedger b = new FaultyLedger("b", true);
        MapLedger c = new MapLedger("c", true);
        kernel.install(Ledger.class, "a", a, 0);
        kernel.install(Ledger.class, "b", b, 0);
        kernel.install(Ledger.class, "c", c, -1);
        for (int i = 0; i < 100; i++) {
            h.add("k" + i, i);
        }
        b.armed.set(FaultyLedger.Fault.BEFORE_SERVING); // the swap will roll back to a
        SwapReport[] r = new SwapReport[2];
        Thread swap = Thread.ofPlatform().start(() -> r[0] = kernel.swap("Ledger", "b"));
        exporting.await();
        Thread remove = Thread.ofPlatform().start(() -> r[1] = kernel.uninstall(Ledger.class, "a", a));
        Thread.sleep(200);
        go.countDown();
        swap.join();
        remove.join();
        System.out.println(r[0].toLine());
        System.out.println(r[1] == null ? "null" : r[1].toLine());
        assertEquals(SwapOutcome.ROLLED_BACK, r[0].outcome());
        assertEquals(SwapOutcome.COMPLETED, r[1].outcome());
        assertEquals(100, h.size());
        assertEquals(99, h.get("k99"));
        assertTrue(!h.who().equals("a"));
    }
}
