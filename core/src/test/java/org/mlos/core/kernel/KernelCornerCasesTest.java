package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.NoImplementationException;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.api.SwapStep;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.SwapAware;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;

/** Corners found by reading the protocol: each was possible, and now is not. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KernelCornerCasesTest {

    private final SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(2_000));
    private final Counters handle = kernel.handle(Counters.class);

    /** A forced swap used to abort the import after the new implementation already served, wiping its writes. */
    @Test
    void forcedSwapAbortsTheImportBeforeTheNewImplementationServes() {
        MapCounters a = new MapCounters("a");
        kernel.install(Counters.class, "a", a, 0);
        handle.add("x", 1);
        AtomicReference<String> servingAtAbort = new AtomicReference<>();
        class RefusesToServe extends MapCounters implements SwapAware {
            RefusesToServe() {
                super("b");
            }

            @Override
            public StateImport importState(String format) {
                EntryImport real = (EntryImport) super.importState(format);
                return new EntryImport() {
                    public void put(org.mlos.core.state.StateEntry e) throws Exception { real.put(e); }
                    public void remove(Object key) throws Exception { real.remove(key); }
                    public void clear() throws Exception { real.clear(); }

                    @Override
                    public void abort() {
                        servingAtAbort.set(handle.who()); // the swapping thread passes the gate
                        real.abort();
                    }
                };
            }

            @Override
            public void beforeServing() {
                throw new IllegalStateException("not ready");
            }
        }
        kernel.install(Counters.class, "b", new RefusesToServe(), 0);

        SwapReport r = kernel.uninstall(Counters.class, "a", a);

        assertEquals(SwapOutcome.FORCED, r.outcome(), r.toLine());
        assertEquals(SwapStep.CHECK, r.failedStep(), r.toLine());
        assertEquals("a", servingAtAbort.get(), "the import was aborted while its implementation already served");
        assertEquals("b", handle.who());
        assertEquals(5, handle.add("y", 5));
        assertEquals(5, handle.get("y"), "writes after the forced switch stay");
    }

    /** exportFormats() throwing escaped negotiation; on the uninstall path the slot kept the removed candidate. */
    @Test
    void formatsThatThrowAreARefusalAndNeverStrandTheSlot() {
        MapCounters a = new MapCounters("a") {
            @Override
            public List<String> exportFormats() {
                throw new IllegalStateException("formats unavailable");
            }
        };
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);

        SwapReport refused = kernel.swap("Counters", "b");
        assertEquals(SwapOutcome.REFUSED, refused.outcome(), refused.toLine());
        assertTrue(refused.reason().contains("formats unavailable"), refused.toLine());
        assertEquals("a", handle.who());

        SwapReport forced = kernel.uninstall(Counters.class, "a", a);
        assertEquals(SwapOutcome.FORCED, forced.outcome(), forced.toLine());
        assertEquals("b", handle.who());
        assertEquals("b", kernel.kind("Counters").orElseThrow().active());
    }

    /** An implementation that cannot be obtained is skipped when the kernel picks a replacement itself. */
    @Test
    void uninstallSkipsAReplacementThatCannotBeObtained() {
        MapCounters a = new MapCounters("a");
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "gone", "token", 10, () -> {
            throw new IllegalStateException("bundle stopped");
        });
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        handle.add("x", 3);

        SwapReport r = kernel.uninstall(Counters.class, "a", a);

        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertEquals("b", handle.who());
        assertEquals(3, handle.get("x"));
    }

    /** forget() and removeKind() did not drain: a platform thread kept running on the forgotten object. */
    @Test
    void forgetWaitsForCallsStillRunningOnTheForgottenImplementation() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicBoolean forgotten = new AtomicBoolean();
        AtomicBoolean forgottenWhileRunning = new AtomicBoolean();
        MapCounters a = new MapCounters("a") {
            @Override
            public long add(String key, long delta) {
                inside.countDown();
                try {
                    letGo.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                forgottenWhileRunning.set(forgotten.get());
                return super.add(key, delta);
            }
        };
        kernel.install(Counters.class, "a", a, 0);
        Thread caller = Thread.ofPlatform().start(() -> handle.add("x", 1));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        Thread forgetter = Thread.ofPlatform().start(() -> {
            kernel.forget(Counters.class, "a", a);
            forgotten.set(true);
        });

        forgetter.join(300);
        letGo.countDown();
        caller.join(5_000);
        forgetter.join(5_000);

        assertFalse(forgottenWhileRunning.get(), "forget() returned while a call still ran on the implementation");
        assertTrue(forgotten.get());
        assertThrows(NoImplementationException.class, () -> handle.get("x"));
    }

    @Test
    void removeKindWaitsForCallsStillRunning() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        AtomicBoolean removed = new AtomicBoolean();
        AtomicBoolean removedWhileRunning = new AtomicBoolean();
        kernel.install(Counters.class, "a", new MapCounters("a") {
            @Override
            public long add(String key, long delta) {
                inside.countDown();
                try {
                    letGo.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                removedWhileRunning.set(removed.get());
                return super.add(key, delta);
            }
        }, 0);
        Thread caller = Thread.ofVirtual().start(() -> handle.add("x", 1));
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        Thread remover = Thread.ofPlatform().start(() -> {
            kernel.removeKind(Counters.class);
            removed.set(true);
        });

        remover.join(300);
        letGo.countDown();
        caller.join(5_000);
        remover.join(5_000);

        assertFalse(removedWhileRunning.get(), "removeKind() returned while a call still ran");
        assertTrue(removed.get());
    }
}
