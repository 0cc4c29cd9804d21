package org.mlos.mem.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KernelSettings;
import org.mlos.core.kernel.KindPreference;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.state.SwapAware;
import org.mlos.core.state.Transferable;
import org.mlos.core.testing.CallerLoad;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;

/**
 * The real stores under the kernel's torture: live swaps round heap, slab and log while platform
 * and virtual callers increment counters and a reader checks fixed entries, call counting goes on
 * and off, and every tenth swap goes to a store that breaks while taking over (an Exception or an
 * Error from its import, an Error from {@code beforeServing}). Nothing acknowledged may be lost or
 * doubled, no caller may see an error, and every bad swap must leave the old store serving.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StoreSwapTortureTest {

    private static final int SWAPS = 600;
    private static final int COUNTERS = 64;
    private static final int FILLER = 2_000;
    private static final String KIND = KeyValueStore.class.getName();

    /** A heap store that fails on cue while it takes over: importState or beforeServing throws. */
    private static KeyValueStore breaking(AtomicReference<Supplier<Throwable>> onImport,
            AtomicReference<Supplier<Throwable>> beforeServing) {
        AbstractStore real = Stores.create("heap", 32L << 20);
        return (KeyValueStore) Proxy.newProxyInstance(StoreSwapTortureTest.class.getClassLoader(),
                new Class<?>[] { KeyValueStore.class, Transferable.class, SwapAware.class }, (proxy, method, args) -> {
                    Supplier<Throwable> fault = switch (method.getName()) {
                        case "importState" -> onImport.getAndSet(null);
                        case "beforeServing" -> beforeServing.getAndSet(null);
                        default -> null;
                    };
                    if (fault != null) {
                        throw fault.get();
                    }
                    if (method.getDeclaringClass() == SwapAware.class) {
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void liveSwapsRoundTheStoresWithBadOnesBetweenLoseNothing() throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(5_000));
        KeyValueStore h = kernel.handle(KeyValueStore.class);
        List<String> real = List.of("heap", "slab", "log");
        for (String name : real) {
            kernel.install(KeyValueStore.class, name, Stores.create(name, 32L << 20), 0);
        }
        AtomicReference<Supplier<Throwable>> onImport = new AtomicReference<>();
        AtomicReference<Supplier<Throwable>> beforeServing = new AtomicReference<>();
        kernel.install(KeyValueStore.class, "breaking", breaking(onImport, beforeServing), 0);
        for (int k = 0; k < COUNTERS; k++) {
            h.set("c" + k, "0".getBytes(US_ASCII), 0, KeyValueStore.NEVER);
        }
        for (int i = 0; i < FILLER; i++) {
            h.set("f" + i, ("filler-" + i).getBytes(US_ASCII), i, KeyValueStore.NEVER);
        }

        CallerLoad load = CallerLoad.start(3, 2, COUNTERS, "c", key -> h.increment(key, 1));
        load.alongside("reader", i -> {
            int f = (int) (i % FILLER);
            StoreEntry e = h.get("f" + f);
            if (e == null || e.flags() != f || !new String(e.value(), US_ASCII).equals("filler-" + f)) {
                throw new AssertionError("f" + f + " read as " + e);
            }
        });
        AtomicBoolean stop = new AtomicBoolean();
        Thread configurer = Thread.ofPlatform().name("configurer").start(() -> {
            long i = 0;
            while (!stop.get()) {
                if (i++ % 2 == 0) {
                    kernel.configure(KIND, new KindPreference(null, -1, Boolean.TRUE));
                } else {
                    kernel.unconfigure(KIND);
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        List<Supplier<Throwable>> faults = List.of(() -> new IllegalStateException("import refused"),
                () -> new OutOfMemoryError("simulated: import"));
        List<SwapReport> goodFailed = new ArrayList<>();
        String active = "heap";
        int bad = 0;
        for (int i = 1; i <= SWAPS; i++) {
            if (i % 10 == 0) {
                if (bad % 3 == 2) {
                    beforeServing.set(() -> new AssertionError("not ready to serve"));
                } else {
                    onImport.set(faults.get(bad % 3));
                }
                bad++;
                SwapReport r = kernel.swap(KIND, "breaking");
                assertEquals(SwapOutcome.ROLLED_BACK, r.outcome(), r.toLine());
                assertEquals(active, kernel.kind(KIND).orElseThrow().active(), r.toLine());
                continue;
            }
            String next = real.get((real.indexOf(active) + 1) % real.size());
            SwapReport r = kernel.swap(KIND, next);
            if (r.outcome() == SwapOutcome.COMPLETED) {
                active = next;
            } else {
                goodFailed.add(r);
            }
        }
        stop.set(true);
        configurer.join(10_000);
        load.stop();
        assertTrue(goodFailed.isEmpty(), () -> goodFailed.size() + " good swaps failed, e.g. " + goodFailed.get(0).toLine());
        load.assertNoFailures();
        load.assertNothingLost(key -> Long.parseLong(new String(h.get(key).value(), US_ASCII)));
        assertEquals(COUNTERS + FILLER, h.size());
    }
}
