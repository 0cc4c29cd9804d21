package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mlos.core.api.KindInfo;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.Generic;
import org.mlos.core.testkinds.MapCounters;

class SwapKernelTest {

    private final SwapKernel kernel = new SwapKernel();

    @Test
    void firstImplementationServesThroughTheHandle() {
        Counters handle = kernel.handle(Counters.class);
        MapCounters a = new MapCounters("a");
        kernel.install(Counters.class, "a", a, 0);

        assertEquals(5, handle.add("x", 5));
        assertEquals(5, a.get("x"));
        assertEquals("a", handle.who());
        assertNotSame(a, handle);
        assertTrue(handle.toString().contains(Counters.class.getName()));
    }

    @Test
    void handleIdentityNeverChanges() {
        Counters handle = kernel.handle(Counters.class);
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        kernel.swap(Counters.class.getName(), "b");
        assertSame(handle, kernel.handle(Counters.class));
    }

    @Test
    void swapMovesStateAndReportsIt() {
        Counters handle = kernel.handle(Counters.class);
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        MapCounters b = new MapCounters("b");
        kernel.install(Counters.class, "b", b, 0);
        for (int i = 0; i < 100; i++) {
            handle.add("k" + i, i);
        }

        SwapReport r = kernel.swap("Counters", "b");

        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertEquals("a", r.from());
        assertEquals("b", r.to());
        assertEquals("mlos.entries", r.format());
        assertEquals("live", r.mode());
        assertEquals(100, r.entries());
        assertTrue(r.bytes() > 0);
        assertTrue(r.totalMicros() >= r.pauseMicros());
        assertEquals("b", handle.who());
        assertEquals(100, handle.size());
        assertEquals(42, handle.get("k42"));
        assertEquals(4950, b.total());
        assertEquals(List.of(r), kernel.history());
    }

    @Test
    void kindsListActiveAndCandidates() {
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        KindInfo info = kernel.kind("Counters").orElseThrow();
        assertEquals(Counters.class.getName(), info.kind());
        assertEquals("b", info.active());
        assertEquals(List.of("a", "b"), info.candidates());
        assertEquals(-1, info.callsServed());
        assertTrue(info.live());
        assertEquals(1, kernel.kinds().size());
    }

    @Test
    void callCountingCountsEveryCall() {
        Counters handle = kernel.handle(Counters.class);
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.configure("Counters", new KindPreference(null, -1, true));
        for (int i = 0; i < 10; i++) {
            handle.get("x");
        }
        assertEquals(10, kernel.kind("Counters").orElseThrow().callsServed());
    }

    @Test
    void profileDefaultWinsWhenItArrivesLater() {
        SwapKernel k = new SwapKernel(KernelSettings.defaults()
                .withDefaultImpl(kind -> kind.equals("Counters") ? "b" : null));
        Counters handle = k.handle(Counters.class);
        k.install(Counters.class, "a", new MapCounters("a"), 0);
        handle.add("x", 7);
        SwapReport r = k.install(Counters.class, "b", new MapCounters("b"), 0);
        assertEquals("preferred-arrived", r.trigger());
        assertEquals("b", handle.who());
        assertEquals(7, handle.get("x"));
    }

    @Test
    void configurationSwapsToTheConfiguredImplementation() {
        Counters handle = kernel.handle(Counters.class);
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        kernel.install(Counters.class, "b", new MapCounters("b"), 0);
        handle.add("x", 3);
        SwapReport r = kernel.configure(Counters.class.getName(), new KindPreference("b", -1, null));
        assertEquals("configuration", r.trigger());
        assertEquals("b", handle.who());
        assertEquals(3, handle.get("x"));
        assertNull(kernel.configure(Counters.class.getName(), new KindPreference("b", -1, null)));
    }

    @Test
    void removingTheActiveImplementationSwapsToTheBestRemainingOne() {
        Counters handle = kernel.handle(Counters.class);
        MapCounters a = new MapCounters("a");
        kernel.install(Counters.class, "a", a, 0);
        kernel.install(Counters.class, "low", new MapCounters("low"), -5);
        kernel.install(Counters.class, "high", new MapCounters("high"), 10);
        handle.add("x", 11);

        SwapReport r = kernel.uninstall(Counters.class, "a", a);

        assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
        assertEquals("impl-removed", r.trigger());
        assertEquals("high", handle.who());
        assertEquals(11, handle.get("x"));
    }

    @Test
    void unknownKindOrImplementationIsAClearError() {
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        IllegalArgumentException noKind = assertThrows(IllegalArgumentException.class, () -> kernel.swap("Nope", "a"));
        assertTrue(noKind.getMessage().contains("no kind named Nope"), noKind.getMessage());
        IllegalArgumentException noImpl = assertThrows(IllegalArgumentException.class,
                () -> kernel.swap("Counters", "zz"));
        assertTrue(noImpl.getMessage().contains("installed: [a]"), noImpl.getMessage());
    }

    @Test
    void duplicateImplementationNamesAreRejected() {
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> kernel.install(Counters.class, "a", new MapCounters("a2"), 0));
        assertTrue(e.getMessage().contains("distinct mlos.impl"), e.getMessage());
    }

    @Test
    void swappingToTheActiveImplementationIsRefused() {
        kernel.install(Counters.class, "a", new MapCounters("a"), 0);
        SwapReport r = kernel.swap("Counters", "a");
        assertEquals(SwapOutcome.REFUSED, r.outcome());
    }

    @Test
    void nonKindInterfacesAreRejectedWithAHint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kernel.handle(Runnable.class));
        assertTrue(e.getMessage().contains("@org.mlos.core.api.Kind"), e.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void generatedHandleForwardsGenericVarargsAndDefaultMethods() throws IOException {
        Generic<String, Integer> handle = kernel.handle(Generic.class);
        Generic<String, Integer> impl = new Generic<>() {
            @Override
            public Integer lookup(String key) throws IOException {
                if (key.isEmpty()) {
                    throw new IOException("empty");
                }
                return key.length();
            }

            @Override
            public <R> List<R> map(java.util.function.Function<? super Integer, ? extends R> f, String... keys) {
                return java.util.Arrays.stream(keys).map(k -> (R) f.apply(k.length())).toList();
            }

            @Override
            public void touch(int[] values, long n) {
                values[0] = (int) n;
            }

            @Override
            public String describe() {
                return "impl";
            }

            @Override
            public int size() {
                return 1;
            }

            @Override
            public boolean enter() {
                return true;
            }
        };
        kernel.install(Generic.class, "g", impl, 0);
        assertEquals(3, handle.lookup("abc"));
        assertThrows(IOException.class, () -> handle.lookup(""));
        assertEquals(List.of("2", "3"), handle.map(String::valueOf, "ab", "cde"));
        int[] v = new int[1];
        handle.touch(v, 9);
        assertEquals(9, v[0]);
        assertEquals("impl", handle.describe());
        assertTrue(handle.enter());
    }
}
