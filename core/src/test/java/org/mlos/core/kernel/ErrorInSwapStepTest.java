package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
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
 * An {@link Error} thrown by a state callback used to escape the protocol: held callers were never
 * released (not even by a later swap), a live copy left the direct path closed, nothing reached
 * the history and {@code swap()} threw at its caller. Every Throwable must roll back before the
 * switch, or be reported after it, with every caller released and nothing lost.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ErrorInSwapStepTest {

    /** Where the fault strikes, and whether that is before the switch. */
    enum Fault {
        EXPORT_FORMATS(true), EXPORT_STATE(true), EXPORT_FOREACH(true), IMPORT_STATE(true), IMPORT_PUT(true),
        CHECK(true), BEFORE_SERVING(true), EXPORT_COMMIT(false), IMPORT_COMMIT(false), RETIRED(false);

        final boolean beforeSwitch;

        Fault(boolean beforeSwitch) {
            this.beforeSwitch = beforeSwitch;
        }
    }

    static List<Arguments> cases() {
        List<Supplier<Throwable>> errors = List.of(() -> new AssertionError("assertion broke"),
                () -> new OutOfMemoryError("simulated: heap"), () -> new StackOverflowError("simulated"));
        java.util.ArrayList<Arguments> out = new java.util.ArrayList<>();
        for (String mode : List.of("live", "held")) {
            for (Fault f : Fault.values()) {
                for (Supplier<Throwable> e : errors) {
                    out.add(Arguments.of(mode, f, e.get().getClass().getSimpleName(), e));
                }
            }
        }
        return out;
    }

    /** A counter map that throws the given Error at the given point of a swap. */
    static final class Faulty extends MapCounters implements SwapAware {
        private final Fault fault;
        private final Supplier<Throwable> error;
        private final java.util.concurrent.atomic.AtomicBoolean struck = new java.util.concurrent.atomic.AtomicBoolean();

        Faulty(String name, Fault fault, Supplier<Throwable> error) {
            super(name);
            this.fault = fault;
            this.error = error;
        }

        private void strike(Fault at) {
            if (fault == at && struck.compareAndSet(false, true)) { // once: the next swap must succeed
                Throwable t = error.get();
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
        }

        @Override
        public List<String> exportFormats() {
            strike(Fault.EXPORT_FORMATS);
            return super.exportFormats();
        }

        @Override
        public StateExport exportState(String format) {
            strike(Fault.EXPORT_STATE);
            return new ForwardingExport((EntryExport) super.exportState(format)) {
                @Override
                public void forEach(Consumer<? super StateEntry> sink) throws Exception {
                    strike(Fault.EXPORT_FOREACH);
                    super.forEach(sink);
                }

                @Override
                public void commit() {
                    super.commit();
                    strike(Fault.EXPORT_COMMIT);
                }
            };
        }

        @Override
        public StateImport importState(String format) {
            strike(Fault.IMPORT_STATE);
            EntryImport real = (EntryImport) super.importState(format);
            return new ForwardingImport(real) {
                @Override
                public void put(StateEntry entry) throws Exception {
                    strike(Fault.IMPORT_PUT);
                    super.put(entry);
                }

                @Override
                public void check() {
                    strike(Fault.CHECK); // in place of the real check and commit, as before
                }

                @Override
                public void commit() {
                    strike(Fault.IMPORT_COMMIT);
                }
            };
        }

        @Override
        public void beforeServing() {
            strike(Fault.BEFORE_SERVING);
        }

        @Override
        public void retired() {
            strike(Fault.RETIRED);
        }
    }

    private static boolean exportSide(Fault f) {
        return f == Fault.EXPORT_FORMATS || f == Fault.EXPORT_STATE || f == Fault.EXPORT_FOREACH
                || f == Fault.EXPORT_COMMIT || f == Fault.RETIRED;
    }

    @ParameterizedTest(name = "{0} swap, {2} in {1}")
    @MethodSource("cases")
    void everyThrowableRollsBackOrIsReportedAndReleasesEveryCaller(String mode, Fault fault, String errorName,
            Supplier<Throwable> error) throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(10_000));
        boolean live = mode.equals("live");
        Class<?> kind = live ? Counters.class : PlainCounters.class;
        MapCounters a = exportSide(fault) ? new Faulty("a", fault, error) : new MapCounters("a");
        MapCounters b = exportSide(fault) ? new MapCounters("b") : new Faulty("b", fault, error);
        Handle h = Handle.of(kernel, live);
        install(kernel, kind, "a", a);
        install(kernel, kind, "b", b);
        install(kernel, kind, "c", new MapCounters("c"));

        h.add("preloaded"); // state to move, whether or not the callers ran before the swap
        CallerLoad load = CallerLoad.start(2, 2, 16, key -> h.add(key));
        SwapReport r = kernel.swap(kind.getName(), "b");
        SwapReport again = kernel.swap(kind.getName(), fault.beforeSwitch ? "c" : "a");
        load.stop();

        assertNotNull(r);
        assertTrue(kernel.history().contains(r), "the failed swap reached the history");
        if (fault.beforeSwitch) {
            assertEquals(fault == Fault.EXPORT_FORMATS ? SwapOutcome.REFUSED : SwapOutcome.ROLLED_BACK,
                    r.outcome(), r.toLine());
            assertNotNull(r.failedStep(), r.toLine());
            assertTrue(r.reason().contains(errorName), r.toLine());
        } else {
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            assertTrue(r.reason() != null && r.reason().contains(errorName), r.toLine());
        }
        assertEquals(SwapOutcome.COMPLETED, again.outcome(), again.toLine());
        assertEquals(fault.beforeSwitch ? "c" : "a", h.who());
        load.assertNoFailures();
        load.assertNothingLost(h::get);
        assertEquals(1, h.get("preloaded"));
    }

    private static void install(SwapKernel kernel, Class<?> kind, String name, MapCounters impl) {
        if (kind == Counters.class) {
            kernel.install(Counters.class, name, impl, 0);
        } else {
            kernel.install(PlainCounters.class, name, impl, 0);
        }
    }

    /** The live kind (marked mutations) or the held one, behind one face. */
    interface Handle {
        long add(String key);

        long get(String key);

        String who();

        static Handle of(SwapKernel kernel, boolean live) {
            if (live) {
                Counters c = kernel.handle(Counters.class);
                return new Handle() {
                    public long add(String key) { return c.add(key, 1); }
                    public long get(String key) { return c.get(key); }
                    public String who() { return c.who(); }
                };
            }
            PlainCounters p = kernel.handle(PlainCounters.class);
            return new Handle() {
                public long add(String key) { return p.add(key, 1); }
                public long get(String key) { return p.get(key); }
                public String who() { return p.who(); }
            };
        }
    }
}
