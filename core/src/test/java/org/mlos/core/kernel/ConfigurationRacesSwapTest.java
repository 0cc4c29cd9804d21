package org.mlos.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.testing.CallerLoad;
import org.mlos.core.testkinds.Counters;
import org.mlos.core.testkinds.MapCounters;
import org.mlos.core.testkinds.PlainCounters;

/**
 * Turning call counting on and off, and deleting the kind's configuration, while swaps run: the
 * direct path was reopened mid-swap, or pointed at the old implementation after the switch, and
 * hundreds of acknowledged updates were lost in a few thousand swaps.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConfigurationRacesSwapTest {

    private static final int SWAPS = 1_500;

    @ParameterizedTest(name = "{0} kind")
    @ValueSource(strings = { "live", "held" })
    void configurationChangesNeverReopenTheDirectPathMidSwap(String mode) throws Exception {
        SwapKernel kernel = new SwapKernel(KernelSettings.defaults().withDrainMillis(10_000));
        ErrorInSwapStepTest.Handle h = ErrorInSwapStepTest.Handle.of(kernel, mode.equals("live"));
        String kind = mode.equals("live") ? Counters.class.getName() : PlainCounters.class.getName();
        for (String name : new String[] { "a", "b" }) {
            if (mode.equals("live")) {
                kernel.install(Counters.class, name, new MapCounters(name), 0);
            } else {
                kernel.install(PlainCounters.class, name, new MapCounters(name), 0);
            }
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong changes = new AtomicLong();
        Thread configurer = Thread.ofPlatform().name("configurer").start(() -> {
            long i = 0;
            while (!stop.get()) {
                switch ((int) (i++ % 3)) {
                    case 0 -> kernel.configure(kind, new KindPreference(null, -1, Boolean.TRUE));
                    case 1 -> kernel.configure(kind, new KindPreference(null, -1, Boolean.FALSE));
                    default -> kernel.unconfigure(kind);
                }
                changes.incrementAndGet();
            }
        });
        CallerLoad load = CallerLoad.start(3, 1, 32, key -> h.add(key));

        String next = "b";
        for (int i = 0; i < SWAPS; i++) {
            SwapReport r = kernel.swap(kind, next);
            assertEquals(SwapOutcome.COMPLETED, r.outcome(), r.toLine());
            next = next.equals("a") ? "b" : "a";
        }
        stop.set(true);
        configurer.join(10_000);
        load.stop();

        load.assertNoFailures();
        assertTrue(load.assertNothingLost(h::get) > 0);
        assertTrue(changes.get() > 0);
    }
}
