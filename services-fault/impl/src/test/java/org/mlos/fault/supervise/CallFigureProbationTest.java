package org.mlos.fault.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.KindPreference;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.JournalRecord;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.journal.SegmentJournal;

/**
 * Probation by the kernel's call figures, for a kind with no health check of its own (the
 * {@code Journal}): the generated handle counts the calls that threw and their time, and an
 * implementation whose calls start failing 2 s after the swap is swapped back, with its state.
 */
class CallFigureProbationTest {

    private static final String KIND = Journal.class.getName();

    @TempDir
    Path a;
    @TempDir
    Path b;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> events = new ArrayList<>();

    /** A journal whose every call throws once the test's clock reaches {@code failsAt}. */
    private final class Flaky implements Journal, Transferable {
        private final SegmentJournal inner;
        volatile long failsAt = Long.MAX_VALUE;

        Flaky(SegmentJournal inner) {
            this.inner = inner;
        }

        private void check() {
            if (clock.get() >= failsAt) {
                throw new IllegalStateException("flaky journal: broken since " + failsAt);
            }
        }

        @Override public long append(byte[] record) { check(); return inner.append(record); }
        @Override public List<JournalRecord> read(long fromIndex, int max) { check(); return inner.read(fromIndex, max); }
        @Override public long firstIndex() { check(); return inner.firstIndex(); }
        @Override public long nextIndex() { check(); return inner.nextIndex(); }
        @Override public void sync() { check(); inner.sync(); }
        @Override public void roll() { check(); inner.roll(); }
        @Override public long retainFrom(long index) { check(); return inner.retainFrom(index); }
        @Override public List<String> exportFormats() { return inner.exportFormats(); }
        @Override public List<String> importFormats() { return inner.importFormats(); }
        @Override public StateExport exportState(String format) throws Exception { return inner.exportState(format); }
        @Override public StateImport importState(String format) throws Exception { return inner.importState(format); }
    }

    @Test
    void aSwapToAnImplementationWhoseCallsStartThrowingTwoSecondsLaterIsSwappedBackByItsErrorRate() {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        kernel.install(Journal.class, "good", new SegmentJournal(new JournalSettings(a, true, Durability.NONE, 5, 1 << 20)), 0);
        Flaky flaky = new Flaky(new SegmentJournal(new JournalSettings(b, true, Durability.NONE, 5, 1 << 20)));
        kernel.install(Journal.class, "flaky", flaky, 0);
        kernel.configure(KIND, new KindPreference(null, 0, true)); // count calls: failures and time too
        SupervisionSettings s = SupervisionSettings.from(k -> k.equals(SupervisionSettings.PROBATION_PROPERTY) ? "10000" : null);
        SwapSupervisor sup = new SwapSupervisor(kernel, s, kind -> List.of(), (line, routine) -> events.add(line), clock::get);

        for (int i = 0; i < 200; i++) {
            journal.append(rec("before" + i));
            if (i % 50 == 0) {
                clock.addAndGet(100);
                sup.poll();
            }
        }
        assertEquals(SwapOutcome.COMPLETED, kernel.swap("Journal", "flaky").outcome());
        flaky.failsAt = clock.get() + 2_000;
        sup.poll();
        for (int i = 0; i < 100; i++) {
            journal.append(rec("during" + i));
        }
        clock.addAndGet(1_000);
        sup.poll();
        assertEquals("flaky", kernel.kind("Journal").orElseThrow().active(), "its calls succeed for 2 s");

        clock.addAndGet(1_100);
        int threw = 0;
        for (int i = 0; i < 50; i++) {
            try {
                journal.append(rec("broken" + i));
            } catch (IllegalStateException expected) {
                threw++;
            }
        }
        assertEquals(50, threw);
        sup.poll();
        assertEquals("good", kernel.kind("Journal").orElseThrow().active(), String.join("\n", events));
        List<SwapReport> h = kernel.history();
        SwapReport back = h.get(h.size() - 1);
        assertEquals(SwapSupervisor.TRIGGER, back.trigger(), back.toLine());
        assertEquals(SwapOutcome.COMPLETED, back.outcome(), back.toLine());
        String decision = events.stream().filter(e -> e.contains(SwapSupervisor.TRIGGER + ":")).findFirst().orElseThrow();
        assertTrue(decision.contains("error rate"), decision);
        assertEquals(300, journal.nextIndex(), "the records the flaky journal took came back with it");
        assertEquals("during99", new String(journal.read(299, 1).get(0).data(), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> journal.read(301, 1));
    }

    @Test
    void aKindWhoseCallsAreNotCountedHasNoFiguresAndPassesOnThem() {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        kernel.install(Journal.class, "good", new SegmentJournal(new JournalSettings(a, true, Durability.NONE, 5, 1 << 20)), 0);
        assertTrue(kernel.callFigures(KIND).isEmpty(), "counting is off by default: no figures, no cost");
        kernel.configure(KIND, new KindPreference(null, 0, true));
        journal.append(rec("x"));
        assertThrows(IllegalArgumentException.class, () -> journal.read(5, 1));
        var f = kernel.callFigures(KIND).orElseThrow();
        assertEquals(2, f.calls());
        assertEquals(1, f.failures(), "the read that threw is counted as a failure");
        assertTrue(f.nanos() > 0);
    }

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
