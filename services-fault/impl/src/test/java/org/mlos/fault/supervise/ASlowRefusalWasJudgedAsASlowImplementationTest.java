package org.mlos.fault.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.CallFigures;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.kernel.KindPreference;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.JournalRecord;
import org.mlos.fault.api.RecordLogJournal;
import org.mlos.fault.api.StorageRefusals;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.journal.SegmentJournal;

/**
 * The probation judged a call's speed on every call since the swap, the refused ones included: a
 * journal whose disk filled refused each write only after the mapped page's fault was handled
 * (1.7 ms a call on a slow machine), and though those refusals were told as the storage's
 * (excused from the error rate), their time failed the probation ("mean call time 1.674 ms over
 * 31 calls since the swap, 0.012 ms before it") and the journal was swapped back as slow (CI:
 * {@code AJournalSwapOnAFullDiskWasSwappedBackAsFaultyTest}). The refusals' time is left out of the
 * mean; a slow implementation is still swapped back for it, and so is one that fails slowly for a
 * reason of its own (a timeout) under the error rate's slack.
 */
class ASlowRefusalWasJudgedAsASlowImplementationTest {

    private static final String KIND = Journal.class.getName();
    private static final long SLOW_NANOS = 25_000_000; // far above a busy machine's mean call before the swap

    @TempDir
    Path a;
    @TempDir
    Path b;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    /** A journal that can turn slow, and refuse as a full disk does: slowly, and telling it. */
    private static final class Slowing implements Journal, Transferable, StorageRefusals {
        private final SegmentJournal inner;
        volatile boolean slow;
        volatile boolean refusing;
        /** The next call fails after a long wait, a timeout of the implementation's own: not a storage refusal. */
        volatile boolean timingOut;
        private final AtomicLong refused = new AtomicLong();

        Slowing(SegmentJournal inner) {
            this.inner = inner;
        }

        private void step() {
            if (timingOut) {
                timingOut = false;
                take(8 * SLOW_NANOS);
                throw new IllegalStateException("timed out");
            }
            if (slow || refusing) {
                take(SLOW_NANOS);
            }
            if (refusing) {
                refused.incrementAndGet();
                throw new UncheckedIOException(new IOException("the disk is full"));
            }
        }

        private static void take(long nanos) {
            long end = System.nanoTime() + nanos;
            while (System.nanoTime() < end) {
                LockSupport.parkNanos(end - System.nanoTime());
            }
        }

        @Override public long append(byte[] record) { step(); return inner.append(record); }
        @Override public List<JournalRecord> read(long fromIndex, int max) { return inner.read(fromIndex, max); }
        @Override public long firstIndex() { return inner.firstIndex(); }
        @Override public long nextIndex() { return inner.nextIndex(); }
        @Override public void sync() { inner.sync(); }
        @Override public void roll() { inner.roll(); }
        @Override public long retainFrom(long index) { return inner.retainFrom(index); }
        @Override public List<String> exportFormats() { return inner.exportFormats(); }
        @Override public List<String> importFormats() { return inner.importFormats(); }
        @Override public StateExport exportState(String format) throws Exception { return inner.exportState(format); }
        @Override public StateImport importState(String format) throws Exception { return inner.importState(format); }
        @Override public long refused() { return refused.get(); }
        @Override public String lastReason() { return refused.get() == 0 ? null : "the disk is full"; }
    }

    private SwapKernel kernel;
    private Journal journal;
    private Slowing slowing;
    private SwapSupervisor supervisor;

    private void swappedToSlowing() {
        kernel = new SwapKernel();
        journal = kernel.handle(Journal.class);
        kernel.install(Journal.class, "good", new SegmentJournal(new JournalSettings(a, true, Durability.NONE, 5, 1 << 20)), 0);
        slowing = new Slowing(new SegmentJournal(new JournalSettings(b, true, Durability.NONE, 5, 1 << 20)));
        kernel.install(Journal.class, "slowing", slowing, 0);
        kernel.configure(KIND, new KindPreference(null, 0, true));
        RefusalsTold told = new RefusalsTold();
        told.add(slowing, RecordLogJournal.refusalProperties("slowing"));
        supervisor = new SwapSupervisor(kernel,
                SupervisionSettings.from(k -> k.equals(SupervisionSettings.PROBATION_PROPERTY) ? "10000" : null),
                kind -> List.of(), SwapSupervisor.Places.NONE_TOLD, told, (line, routine) -> events.add(line), clock::get);
        for (int i = 0; i < 100; i++) {
            journal.append(rec("before" + i));
            if (i % 25 == 0) {
                clock.addAndGet(100);
                supervisor.poll();
            }
        }
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("Journal", "slowing").outcome());
        clock.addAndGet(100);
        supervisor.poll();
    }

    @Test
    void callsRefusedSlowlyForTheStoragesSakeKeepItOnProbation() {
        swappedToSlowing();
        for (int i = 0; i < 25; i++) {
            journal.append(rec("on slowing" + i));
        }
        slowing.refusing = true;
        for (int i = 0; i < 40; i++) {
            int n = i;
            assertThrows(UncheckedIOException.class, () -> journal.append(rec("refused" + n)));
        }
        CallFigures f = kernel.callFigures(KIND).orElseThrow();
        assertTrue(f.failureNanos() >= 40 * SLOW_NANOS, "the refusals' time is told apart: " + f);
        assertTrue(f.nanos() - f.failureNanos() < f.failureNanos(), "the calls that returned took less: " + f);
        clock.addAndGet(11_000);
        supervisor.poll();
        String all = String.join("\n", events);
        assertEquals("slowing", kernel.kind(KIND).orElseThrow().active(), all);
        assertTrue(events.stream().anyMatch(e -> e.contains("impl=slowing probation kept it")), all);
    }

    @Test
    void anImplementationWhoseCallsReturnSlowlyIsStillSwappedBackForIt() {
        swappedToSlowing();
        slowing.slow = true;
        for (int i = 0; i < 25; i++) {
            journal.append(rec("slow" + i));
        }
        clock.addAndGet(1_000);
        supervisor.poll();
        String all = String.join("\n", events);
        assertEquals("good", kernel.kind(KIND).orElseThrow().active(), all);
        assertTrue(events.stream().anyMatch(e -> e.contains("probation-failed: mean call time") && e.contains("over 25 calls since the swap,")), all);
        assertEquals(125, journal.nextIndex(), "the records the slow journal took came back with it");
    }

    @Test
    void aCallThatFailsSlowlyForAReasonOfItsOwnStillCountsInTheMean() {
        swappedToSlowing();
        for (int i = 0; i < 25; i++) {
            journal.append(rec("on slowing" + i));
        }
        slowing.timingOut = true;
        assertThrows(IllegalStateException.class, () -> journal.append(rec("timed out")));
        clock.addAndGet(1_000);
        supervisor.poll();
        String all = String.join("\n", events);
        assertEquals("good", kernel.kind(KIND).orElseThrow().active(), "1 failure in 26 is under the error rate's slack,"
                + " its 200 ms are not: " + all);
        assertTrue(events.stream().anyMatch(e -> e.contains("probation-failed: mean call time") && e.contains("over 26 calls since the swap,")), all);
    }

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
