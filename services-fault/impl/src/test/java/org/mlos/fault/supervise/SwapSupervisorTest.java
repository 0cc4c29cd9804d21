package org.mlos.fault.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.HealthCheck;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

class SwapSupervisorTest {

    private static final String KIND = KeyValueStore.class.getName();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> events = new ArrayList<>();
    /** The lines logged at info: decisions, not the routine. */
    private final List<String> told = new ArrayList<>();
    private final SwapKernel kernel = new SwapKernel();
    private final KeyValueStore store = kernel.handle(KeyValueStore.class);
    /** When "flaky" starts failing, on the test's clock. */
    private long flakyFailsAt = Long.MAX_VALUE;
    private final HealthCheck check = (kind, impl) -> impl.equals("flaky") && clock.get() >= flakyFailsAt
            ? "error rate 100% (every call fails since " + flakyFailsAt + ")" : null;

    SwapSupervisorTest() {
        kernel.install(KeyValueStore.class, "good", new HeapStore(16 << 20), 0);
        kernel.install(KeyValueStore.class, "flaky", new HeapStore(16 << 20), 0);
    }

    private SwapSupervisor supervisor(String intensity) {
        SupervisionSettings s = SupervisionSettings.from(k -> switch (k) {
            case SupervisionSettings.PROBATION_PROPERTY -> "10000";
            case SupervisionSettings.INTENSITY_PROPERTY -> intensity;
            default -> null;
        });
        return new SwapSupervisor(kernel, s, kind -> kind.equals(KIND) ? List.of(check) : List.of(), (line, routine) -> {
            events.add(line);
            if (!routine) {
                told.add(line);
            }
        }, clock::get);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private void swapToFlakyFailingIn(long ms, SwapSupervisor sup) {
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("KeyValueStore", "flaky").outcome());
        flakyFailsAt = clock.get() + ms;
        sup.poll();
    }

    private SwapReport last() {
        List<SwapReport> h = kernel.history();
        return h.get(h.size() - 1);
    }

    @Test
    void aSwapToAnImplementationThatStartsFailingTwoSecondsLaterIsSwappedBackWithItsState() {
        SwapSupervisor sup = supervisor("3/60s");
        for (int i = 0; i < 100; i++) {
            store.set("before" + i, b("v" + i), 0, 0);
        }
        swapToFlakyFailingIn(2_000, sup);
        for (int i = 0; i < 100; i++) {
            store.set("during" + i, b("w" + i), 0, 0);
        }
        clock.addAndGet(1_000);
        sup.poll();
        assertEquals("flaky", kernel.kind("KeyValueStore").orElseThrow().active(), "healthy for the first 2 s");
        clock.addAndGet(1_100);
        sup.poll();
        assertEquals("good", kernel.kind("KeyValueStore").orElseThrow().active());
        SwapReport back = last();
        assertEquals(SwapSupervisor.TRIGGER, back.trigger(), back.toLine());
        assertTrue(told.stream().anyMatch(l -> l.contains(SwapSupervisor.TRIGGER) && l.contains("swapped back to good")), told.toString());
        assertTrue(told.stream().anyMatch(l -> l.contains("impl=flaky on probation")), "a requested swap's probation: " + told);
        assertTrue(told.stream().noneMatch(l -> l.startsWith("swap ")), "swap reports are routine: " + told);
        assertEquals(SwapOutcome.COMPLETED, back.outcome());
        for (int i = 0; i < 100; i++) {
            assertNotNull(store.get("before" + i), "state from before the first swap");
            assertNotNull(store.get("during" + i), "state written on probation came back");
        }
        assertTrue(events.stream().anyMatch(e -> e.contains("probation-failed: error rate 100%")), String.join("\n", events));
        clock.addAndGet(20_000);
        sup.poll();
        assertEquals("good", kernel.kind("KeyValueStore").orElseThrow().active(), "a swap-back is not itself on probation");
    }

    @Test
    void aHealthySwapPassesProbationAndStays() {
        SwapSupervisor sup = supervisor("3/60s");
        swapToFlakyFailingIn(Long.MAX_VALUE / 2, sup);
        for (int i = 0; i < 12; i++) {
            clock.addAndGet(1_000);
            sup.poll();
        }
        assertEquals("flaky", kernel.kind("KeyValueStore").orElseThrow().active());
        assertTrue(events.stream().anyMatch(e -> e.contains("probation passed")), String.join("\n", events));
    }

    @Test
    void restartIntensityPinsTheKindAfterNSwapBacksInTheWindow() {
        SwapSupervisor sup = supervisor("2/60s");
        for (int round = 1; round <= 2; round++) {
            swapToFlakyFailingIn(500, sup);
            clock.addAndGet(600);
            sup.poll();
            assertEquals("good", kernel.kind("KeyValueStore").orElseThrow().active(), "round " + round);
        }
        assertEquals(Map.of(KIND, "good"), sup.pinned());
        assertTrue(events.stream().anyMatch(e -> e.contains("pinned to good after 2 automatic swap-backs in 60 s")),
                String.join("\n", events));
        // pinned: a swap away is undone at once, whoever asked for it
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("KeyValueStore", "flaky").outcome());
        sup.poll();
        assertEquals("good", kernel.kind("KeyValueStore").orElseThrow().active());
        assertEquals(SwapSupervisor.PINNED, last().trigger());
    }

    @Test
    void swapBacksOutsideTheWindowDoNotPin() {
        SwapSupervisor sup = supervisor("2/60s");
        for (int round = 1; round <= 3; round++) {
            swapToFlakyFailingIn(500, sup);
            clock.addAndGet(61_000);
            sup.poll();
        }
        assertEquals(Map.of(), sup.pinned());
    }

    @Test
    void badSettingsSayWhatIsExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SupervisionSettings.from(k -> k.equals(SupervisionSettings.INTENSITY_PROPERTY) ? "three" : null));
        assertTrue(e.getMessage().contains("N/Ts"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SupervisionSettings.from(k -> k.equals(SupervisionSettings.PROBATION_PROPERTY) ? "-5" : null));
        assertTrue(e.getMessage().contains(SupervisionSettings.PROBATION_PROPERTY), e.getMessage());
    }
}
