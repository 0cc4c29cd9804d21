package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.SwapAware;
import org.mlos.core.testing.CallerLoad;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.ForwardingExport;
import org.mlos.core.testkinds.ForwardingImport;
import org.mlos.core.testkinds.MapCounters;
import org.mlos.core.testkinds.PlainCounters;

/**
 * Thousands of swaps under platform and virtual callers at full speed, with a bad swap every few
 * dozen (export, import, check and beforeServing throwing Exceptions and Errors, a call that never
 * finishes, no common format), call counting switched on and off the whole time, and a caller
 * whose calls run 2,000 frames below the handle. Checked exactly: nothing lost, nothing doubled,
 * no call on a retired implementation, no error surfaced to a caller, every caller released.
 * Bounded by counts; the one wait on time is the drain timeout the stuck-call swaps must hit.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SwapTortureTest {

    private static final int SWAPS = 1_200;
    private static final int BAD_EVERY = 24;
    private static final int DEEP_FRAMES = 2_000;

    enum Fault {
        EXPORT_EXCEPTION, EXPORT_ERROR, IMPORT_EXCEPTION, IMPORT_ERROR, CHECK_EXCEPTION, BEFORE_SERVING_ERROR,
        NO_COMMON_FORMAT, STUCK_CALL
    }

    /** A counter map that knows whether it serves, and can be armed with one fault. */
    static final class Tortured extends MapCounters implements SwapAware {
        final AtomicLong stale;
        final AtomicReference<Fault> armed = new AtomicReference<>();
        volatile boolean serving;
        volatile CountDownLatch stuck = new CountDownLatch(0);
        volatile CountDownLatch stuckInside = new CountDownLatch(1);

        Tortured(String name, AtomicLong stale, boolean serving) {
            super(name);
            this.stale = stale;
            this.serving = serving;
        }

        private boolean strike(Fault f) {
            return armed.compareAndSet(f, null);
        }

        private void observe() {
            if (!serving) {
                stale.incrementAndGet();
            }
        }

        @Override
        public long add(String key, long delta) {
            observe();
            if (key.equals("deep")) {
                return down(DEEP_FRAMES, key, delta);
            }
            if (key.equals("stuck")) {
                stuckInside.countDown();
                try {
                    stuck.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.add(key, delta);
        }

        private long down(int n, String key, long delta) {
            return n == 0 ? super.add(key, delta) : down(n - 1, key, delta);
        }

        @Override
        public long get(String key) {
            observe();
            return super.get(key);
        }

        @Override
        public List<String> importFormats() {
            return strike(Fault.NO_COMMON_FORMAT) ? List.of("elsewhere") : super.importFormats();
        }

        @Override
        public StateExport exportState(String format) {
            if (strike(Fault.EXPORT_EXCEPTION)) {
                throw new IllegalStateException("export refused");
            }
            return new ForwardingExport((EntryExport) super.exportState(format)) {
                @Override
                public void forEach(Consumer<? super StateEntry> sink) throws Exception {
                    if (strike(Fault.EXPORT_ERROR)) {
                        throw new AssertionError("export broke");
                    }
                    super.forEach(sink);
                }
            };
        }

        @Override
        public StateImport importState(String format) {
            if (strike(Fault.IMPORT_EXCEPTION)) {
                throw new IllegalStateException("import refused");
            }
            EntryImport real = (EntryImport) super.importState(format);
            return new ForwardingImport(real) {
                @Override
                public void put(StateEntry entry) throws Exception {
                    if (strike(Fault.IMPORT_ERROR)) {
                        throw new OutOfMemoryError("simulated: import");
                    }
                    super.put(entry);
                }

                @Override
                public void check() {
                    if (strike(Fault.CHECK_EXCEPTION)) { // in place of the real check, as before
                        throw new IllegalStateException("check failed");
                    }
                }

                @Override
                public void commit() {
                    // not passed on: this import never called the real commit
                }
            };
        }

        @Override
        public void beforeServing() {
            if (strike(Fault.BEFORE_SERVING_ERROR)) {
                throw new StackOverflowError("simulated: beforeServing");
            }
            serving = true;
        }

        @Override
        public void retired() {
            serving = false;
        }
    }

    @ParameterizedTest(name = "{0} kind")
    @ValueSource(strings = { "live", "held" })
    void thousandsOfSwapsGoodAndBadLoseNothing(String mode) throws Exception {
        boolean live = mode.equals("live");
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(5_000));
        ErrorInSwapStepTest.Handle h = ErrorInSwapStepTest.Handle.of(kernel, live);
        String kind = (live ? Counters.class : PlainCounters.class).getName();
        AtomicLong stale = new AtomicLong();
        Map<String, Tortured> impls = Map.of("a", new Tortured("a", stale, true), "b", new Tortured("b", stale, false));
        for (String name : List.of("a", "b")) {
            if (live) {
                kernel.install(Counters.class, name, impls.get(name), 0);
            } else {
                kernel.install(PlainCounters.class, name, impls.get(name), 0);
            }
        }

        AtomicBoolean stop = new AtomicBoolean();
        Thread configurer = Thread.ofPlatform().name("configurer").start(() -> {
            long i = 0;
            while (!stop.get()) {
                if (i++ % 2 == 0) {
                    kernel.configure(kind, new KindPreference(null, -1, Boolean.TRUE));
                } else {
                    kernel.unconfigure(kind);
                }
                sleepQuietly(1);
            }
        });
        AtomicLong deepAcked = new AtomicLong();
        Thread deep = Thread.ofPlatform().name("deep-caller").start(() -> {
            while (!stop.get()) {
                h.add("deep");
                deepAcked.incrementAndGet();
            }
        });
        CallerLoad load = CallerLoad.start(3, 3, 32, key -> h.add(key));

        Map<Fault, Integer> badSwaps = new EnumMap<>(Fault.class);
        List<SwapReport> failures = new ArrayList<>();
        int stuckAcked = 0;
        String active = "a";
        for (int i = 1; i <= SWAPS; i++) {
            String next = active.equals("a") ? "b" : "a";
            Fault fault = i % BAD_EVERY == 0 ? Fault.values()[(i / BAD_EVERY) % Fault.values().length] : null;
            if (fault == Fault.STUCK_CALL && badSwaps.getOrDefault(Fault.STUCK_CALL, 0) >= 2) {
                fault = null; // each costs a drain timeout: two are enough
            }
            Thread stuck = null;
            Tortured from = impls.get(active);
            if (fault == Fault.STUCK_CALL) {
                from.stuck = new CountDownLatch(1);
                from.stuckInside = new CountDownLatch(1);
                stuck = Thread.ofPlatform().name("stuck-caller").start(() -> h.add("stuck"));
                from.stuckInside.await();
            } else if (fault != null) {
                boolean exportSide = fault == Fault.EXPORT_EXCEPTION || fault == Fault.EXPORT_ERROR;
                (exportSide ? from : impls.get(next)).armed.set(fault);
            }

            SwapReport r = kernel.swap(kind, next);

            if (fault == null) {
                if (r.outcome() != SwapOutcome.COMPLETED) {
                    failures.add(r);
                } else {
                    active = next;
                }
                continue;
            }
            badSwaps.merge(fault, 1, Integer::sum);
            SwapOutcome expected = fault == Fault.NO_COMMON_FORMAT ? SwapOutcome.REFUSED : SwapOutcome.ROLLED_BACK;
            assertEquals(expected, r.outcome(), fault + ": " + r.toLine());
            if (fault == Fault.STUCK_CALL) {
                assertEquals(SwapStep.DRAIN, r.failedStep(), r.toLine());
                from.stuck.countDown();
                stuck.join(10_000);
                stuckAcked++;
            }
            assertEquals(active, h.who(), "the old implementation serves after " + r.toLine());
            impls.values().forEach(t -> t.armed.set(null));
        }
        stop.set(true);
        configurer.join(10_000);
        deep.join(30_000);
        load.stop();

        assertTrue(failures.isEmpty(), () -> failures.size() + " good swaps failed, e.g. " + failures.get(0).toLine());
        load.assertNoFailures();
        assertEquals(0, stale.get(), "calls that ran on a retired implementation");
        load.assertNothingLost(h::get);
        assertEquals(deepAcked.get(), h.get("deep"), "calls 2,000 frames deep");
        assertEquals(stuckAcked, h.get("stuck"), "calls that outlasted a drain");
        assertTrue(badSwaps.keySet().containsAll(List.of(Fault.values())), "every fault was injected: " + badSwaps);
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
