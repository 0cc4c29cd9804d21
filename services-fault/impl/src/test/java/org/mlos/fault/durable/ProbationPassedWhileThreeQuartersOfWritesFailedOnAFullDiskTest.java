package org.mlos.fault.durable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KindPreference;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.log.SegmentLog;
import org.mlos.fault.supervise.StoreProbe;
import org.mlos.fault.supervise.SupervisionSettings;
import org.mlos.fault.supervise.SwapSupervisor;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.store.heap.HeapStore;

/**
 * An outsider swapped the durable store in on a full disk: 75% of its writes were refused ("the
 * disk holding … is full or failing") and its probation passed. The kernel counts no calls by
 * default, and the store's probe only reads, so nothing on probation saw a write fail. Swapping
 * back is not the cure (the memory store before it acknowledges writes it does not journal, which
 * a durable store exists to stop, and with counting on, that is what probation did), so the
 * refusals are told to the supervisor, do not count against the store, and its probation ends
 * saying them and what to do, not "passed". A failure of the store's own still swaps it back.
 */
@Timeout(60)
class ProbationPassedWhileThreeQuartersOfWritesFailedOnAFullDiskTest {

    private static final String KIND = KeyValueStore.class.getName();
    private static final Error FULL_DISK = new InternalError("a fault occurred in an unsafe memory access operation");

    @TempDir
    Path dir;

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final List<String> events = new ArrayList<>();
    private final SwapKernel kernel = new SwapKernel();
    private final KeyValueStore handle = kernel.handle(KeyValueStore.class);
    private final StoreProbe probe = new StoreProbe(handle, () -> millis.get() * 1_000_000);

    private CheckpointDuringARefusedWriteKeepsNoPhantomTest.StallingLog journal;
    private DurableStore durable;
    private SwapSupervisor supervisor;

    private void nodeOnHeapWithDurableInstalled(int segmentBytes, boolean countCalls) {
        kernel.install(KeyValueStore.class, "heap", new HeapStore(16L << 20), 0);
        durable = new DurableStore(new HeapStore(16L << 20), new JournalSettings(dir, true, Durability.SYNC, 5, segmentBytes),
                DurableStore.SEGMENTS, (d, bytes) -> journal = new CheckpointDuringARefusedWriteKeepsNoPhantomTest.StallingLog(
                        new SegmentLog(d, bytes)));
        kernel.install(KeyValueStore.class, "durable", durable, 0);
        if (countCalls) {
            kernel.configure(KIND, new KindPreference(null, 0, true));
        }
        SupervisionSettings s = SupervisionSettings.from(k -> k.equals(SupervisionSettings.PROBATION_PROPERTY) ? "10000" : null);
        // where the registrar says the durable store runs: judged by the heap's speed, a synced write
        // on a busy machine swapped it back before the test's refusals were done (30 of 300)
        supervisor = new SwapSupervisor(kernel, s, kind -> List.of(probe),
                (kind, impl) -> "durable".equals(impl) ? DurableStoreRegistrar.PLACE : null,
                (kind, impl) -> KIND.equals(kind) && "durable".equals(impl) ? durable.refusals() : null,
                (line, routine) -> events.add(line), millis::get);
        for (int i = 0; i < 40; i++) {
            handle.set("before" + i, bytes("v" + i), 0, 0);
            probe.sample();
            tick(100);
        }
    }

    private void tick(long ms) {
        millis.addAndGet(ms);
        supervisor.poll();
    }

    /** 400 writes, every one but each fourth refused by a full disk; returns how many were refused. */
    private int writeOnAFullDisk() {
        int refused = 0;
        for (int i = 0; i < 400; i++) {
            journal.fault = i % 4 == 0 ? null : FULL_DISK;
            try {
                handle.set("on-probation" + i, bytes("w" + i), 0, 0);
            } catch (JournalWriteFailed e) {
                assertTrue(e.getMessage().contains("is full or failing"), e.getMessage());
                refused++;
            }
            if (i % 40 == 39) {
                tick(1_000); // the probation's 10 s pass while the disk refuses
            }
        }
        journal.fault = null;
        return refused;
    }

    private void probationKeptDurableAndSaidWhy(int refused) {
        tick(1_000);
        assertEquals("durable", kernel.kind(KIND).orElseThrow().active(), String.join("\n", events));
        assertTrue(kernel.history().stream().noneMatch(r -> SwapSupervisor.TRIGGER.equals(r.trigger())),
                "no swap back: " + String.join("\n", events));
        assertTrue(events.stream().noneMatch(e -> e.contains("probation passed")), String.join("\n", events));
        String verdict = events.stream().filter(e -> e.contains("probation kept it")).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict: " + String.join("\n", events)));
        assertTrue(verdict.contains(refused + " calls since the swap refused because its storage refused them"), verdict);
        assertTrue(verdict.contains("the disk holding " + dir.resolve("store").resolve("journal") + " is full or failing"), verdict);
        assertTrue(verdict.contains("not swapped back") && verdict.contains("mlos swap KeyValueStore heap"), verdict);
        for (int i = 0; i < 400; i++) {
            if (i % 4 == 0) {
                assertArrayEquals(bytes("w" + i), handle.get("on-probation" + i).value(), "acknowledged and kept");
            } else {
                assertNull(handle.get("on-probation" + i), "refused, so not served");
            }
        }
    }

    @Test
    void withCallsUncountedAsByDefaultTheProbationSaysTheRefusalsInsteadOfPassing() {
        nodeOnHeapWithDurableInstalled(1 << 20, false);
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("KeyValueStore", "durable").outcome());
        tick(100);
        assertTrue(events.stream().anyMatch(e -> e.contains("impl=durable on probation")), String.join("\n", events));
        int refused = writeOnAFullDisk();
        assertEquals(300, refused);
        probationKeptDurableAndSaidWhy(refused);
    }

    @Test
    void withCallsCountedTheRefusalsAreNotCountedAsTheStoresFailuresSoItIsNotSwappedBackToMemory() {
        nodeOnHeapWithDurableInstalled(1 << 20, true);
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("KeyValueStore", "durable").outcome());
        tick(100);
        int refused = writeOnAFullDisk();
        assertEquals(300, refused);
        assertTrue(kernel.callFigures(KIND).orElseThrow().failures() >= 300, "the gate counted them as failures");
        probationKeptDurableAndSaidWhy(refused);
    }

    @Test
    void aFailureOfTheStoresOwnStillSwapsItBack() {
        nodeOnHeapWithDurableInstalled(64 << 10, true); // a record may take ~64 KB: the store's own limit
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("KeyValueStore", "durable").outcome());
        tick(100);
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            try {
                handle.set("big" + i, new byte[i % 2 == 0 ? 100_000 : 10], 0, 0);
            } catch (JournalWriteFailed e) {
                refused++;
            }
        }
        assertEquals(20, refused);
        tick(100);
        assertEquals("heap", kernel.kind(KIND).orElseThrow().active(), String.join("\n", events));
        List<SwapReport> h = kernel.history();
        assertEquals(SwapSupervisor.TRIGGER, h.get(h.size() - 1).trigger());
        String decision = events.stream().filter(e -> e.contains(SwapSupervisor.TRIGGER + ":")).findFirst().orElseThrow();
        assertTrue(decision.contains("error rate"), decision);
        assertEquals(0, durable.refusals().refused(), "a record too large is not the storage's refusal");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
