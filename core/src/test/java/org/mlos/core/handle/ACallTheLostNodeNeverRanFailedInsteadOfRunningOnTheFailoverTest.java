package org.mlos.core.handle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.remote.RemoteCallException;
import org.mlos.core.remote.RemoteMethod;
import org.mlos.core.testkinds.RemoteTally;

/**
 * A remote kind's host was lost: a call whose request never left this node (or that does not
 * mutate) failed to its caller with the node's failure, though the kind failed over to another
 * implementation a moment later and the call had not run anywhere. The handle now runs it again
 * on the failover; a mutation that may have run on the lost node still fails (running it again
 * could apply it twice). Here {@code far} stands for a remote stub: once "lost", its calls throw
 * what the transport throws and the first of them withdraws it, off the caller's thread, as the
 * remote kinds bundle does.
 */
@Timeout(120)
class ACallTheLostNodeNeverRanFailedInsteadOfRunningOnTheFailoverTest {

    /** Counters in memory. */
    static class Local implements RemoteTally {
        final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

        @Override
        public long add(String key, long delta) {
            return counters.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(delta);
        }

        @Override
        public long get(String key) {
            AtomicLong c = counters.get(key);
            return c == null ? 0 : c.get();
        }

        @Override
        public void reset(String key) {
            counters.remove(key);
        }
    }

    /** A stub of a host that gets lost: its calls then fail as the transport fails them. */
    static final class Far extends Local {
        final AtomicBoolean lost = new AtomicBoolean();
        final AtomicBoolean withdrawing = new AtomicBoolean();
        final boolean resendable;
        final Runnable withdraw;

        Far(boolean resendable, Runnable withdraw) {
            this.resendable = resendable;
            this.withdraw = withdraw;
        }

        private void check(String method, boolean mutates) {
            if (!lost.get()) {
                return;
            }
            if (withdrawing.compareAndSet(false, true)) {
                new Thread(withdraw, "withdraw").start();
            }
            RemoteMethod m = new RemoteMethod("RemoteTally", method, 0, mutates);
            throw resendable ? RemoteCallException.lostResendable(m, "host-1", "connection refused; it did not run", null)
                    : new RemoteCallException(RemoteCallException.Failure.NODE_LOST, m, "host-1",
                            "connection lost; not retried, it mutates and may have run", null);
        }

        @Override
        public long add(String key, long delta) {
            check("add", true);
            return super.add(key, delta);
        }

        @Override
        public long get(String key) {
            check("get", false);
            return super.get(key);
        }

        @Override
        public void reset(String key) {
            check("reset", true);
            super.reset(key);
        }
    }

    private static SwapKernel kernel(boolean counting) {
        return new SwapKernel(KernelSettings.defaults().withCountCalls(counting));
    }

    /** Far serves (the higher ranking); near is the kind's other candidate. */
    private static Far onFar(SwapKernel kernel, Local near, boolean resendable) {
        Far[] far = new Far[1];
        far[0] = new Far(resendable, () -> kernel.uninstall(RemoteTally.class, "far@host-1", far[0]));
        kernel.install(RemoteTally.class, "far@host-1", far[0], 10);
        kernel.install(RemoteTally.class, "near", near, 0);
        assertEquals("far@host-1", kernel.kind("RemoteTally").orElseThrow().active());
        return far[0];
    }

    /** Platform threads take the direct path, or the mediated one when calls are counted; virtual threads always the mediated. */
    @ParameterizedTest
    @ValueSource(strings = { "direct", "counted", "virtual" })
    void aCallThatNeverLeftRunsOnTheFailover(String path) throws Exception {
        SwapKernel kernel = kernel(path.equals("counted"));
        RemoteTally tally = kernel.handle(RemoteTally.class);
        Local near = new Local();
        Far far = onFar(kernel, near, true);
        List<Object> seen = new CopyOnWriteArrayList<>();
        Runnable calls = () -> {
            tally.add("k", 1);
            far.lost.set(true);
            seen.add(tally.add("k", 5)); // lost on far, run on near
            tally.reset("gone");
            seen.add(tally.get("k"));
        };
        run(path, calls);
        assertEquals(List.of(5L, 5L), seen, "what the far node held was on it; the call ran once, on near");
        assertEquals(5, near.get("k"));
        assertEquals(1, held(far, "k"), "far ran only the call made before it was lost");
        assertEquals("near", kernel.kind("RemoteTally").orElseThrow().active());
    }

    @ParameterizedTest
    @ValueSource(strings = { "direct", "counted", "virtual" })
    void aMutationThatMayHaveRunStillFails(String path) throws Exception {
        SwapKernel kernel = kernel(path.equals("counted"));
        RemoteTally tally = kernel.handle(RemoteTally.class);
        Local near = new Local();
        Far far = onFar(kernel, near, false);
        far.lost.set(true);
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        run(path, () -> thrown.add(assertThrows(RemoteCallException.class, () -> tally.add("k", 5))));
        assertEquals(RemoteCallException.Failure.NODE_LOST, ((RemoteCallException) thrown.get(0)).failure());
        assertEquals(0, near.get("k"), "not run again: it may have run on the lost node");
    }

    @ParameterizedTest
    @ValueSource(strings = { "direct", "counted", "virtual" })
    void withNothingToFailOverToTheCallerGetsTheNodesFailure(String path) throws Exception {
        SwapKernel kernel = kernel(path.equals("counted"));
        RemoteTally tally = kernel.handle(RemoteTally.class);
        Far[] far = new Far[1];
        far[0] = new Far(true, () -> kernel.uninstall(RemoteTally.class, "far@host-1", far[0]));
        kernel.install(RemoteTally.class, "far@host-1", far[0], 0);
        far[0].lost.set(true);
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        run(path, () -> thrown.add(assertThrows(RemoteCallException.class, () -> tally.add("k", 5))));
        assertTrue(((RemoteCallException) thrown.get(0)).resendable());
        // told once the kind had no implementation left, not after the failover wait (10 s)
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8), "took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    /**
     * Many callers, one counter each, while the far node is lost part way: every call returns, and
     * each ran exactly once, on far before the loss or on near after it.
     */
    @ParameterizedTest
    @ValueSource(strings = { "direct", "counted", "virtual" })
    void manyCallersLoseNoCallAndRunNoneTwice(String path) throws Exception {
        int threads = 8;
        int calls = 2_000;
        SwapKernel kernel = kernel(path.equals("counted"));
        RemoteTally tally = kernel.handle(RemoteTally.class);
        Local near = new Local();
        Far far = onFar(kernel, near, true);
        LongAdder done = new LongAdder();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String key = "k" + t;
            Runnable caller = () -> {
                try {
                    start.await();
                    for (int i = 0; i < calls; i++) {
                        if (key.equals("k0") && i == calls / 4) {
                            far.lost.set(true);
                        }
                        tally.add(key, 1);
                        done.increment();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            };
            all.add(path.equals("virtual") ? Thread.ofVirtual().unstarted(caller) : new Thread(caller));
        }
        all.forEach(Thread::start);
        start.countDown();
        for (Thread t : all) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals((long) threads * calls, done.sum());
        for (int t = 0; t < threads; t++) {
            assertEquals(calls, held(far, "k" + t) + held(near, "k" + t), "k" + t + ": every call ran once, on far or near");
        }
        assertEquals("near", kernel.kind("RemoteTally").orElseThrow().active());
    }

    /** What an implementation holds, read without calling it (a lost one throws). */
    private static long held(Local impl, String key) {
        AtomicLong c = impl.counters.get(key);
        return c == null ? 0 : c.get();
    }

    private static void run(String path, Runnable r) throws Exception {
        Throwable[] failed = new Throwable[1];
        Runnable guarded = () -> {
            try {
                r.run();
            } catch (Throwable e) {
                failed[0] = e;
            }
        };
        Thread t = path.equals("virtual") ? Thread.ofVirtual().unstarted(guarded) : new Thread(guarded);
        t.start();
        t.join();
        if (failed[0] instanceof Error e) {
            throw e;
        }
        if (failed[0] != null) {
            throw new AssertionError(failed[0]);
        }
    }
}
