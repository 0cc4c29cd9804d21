package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.api.SwapReport;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.journal.SegmentJournal;

/**
 * A swap of the {@code Journal} kind from {@code chronicle} back to {@code segments}, away from a
 * disk that had started refusing chronicle's writes, held the kind's callers 21.8 s and rolled
 * back with the reason {@code AssertionError}: the export asked Chronicle for the last index, and
 * Chronicle, meeting a cycle file without its header, waited 10 s twice for another process to
 * write it, then failed an {@code assert} of its own. Now the cycle files are looked at first once
 * the disk has refused a write, and the swap rolls back at once saying the disk is full or
 * failing, {@code chronicle} still the kind's, {@code segments} given nothing. The disk is made to
 * refuse as in {@code AJournalSwapOnAFullDiskWasSwappedBackAsFaultyTest}: the cycle files cut short
 * under their mappings.
 */
@Timeout(120)
class ASwapAwayFromChronicleOnAFullDiskHeldCallers21SecondsAndSaidOnlyAssertionErrorTest {

    private static final String KIND = Journal.class.getName();

    @TempDir
    Path a;
    @TempDir
    Path b;

    @Test
    void theSwapRollsBackAtOnceSayingTheDiskIsFullOrFailing() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        ChronicleJournal chronicle = new ChronicleJournal(b, Durability.NONE, 5, 1 << 20);
        SegmentJournal segments = new SegmentJournal(new JournalSettings(a, true, Durability.NONE, 5, 1 << 20));
        kernel.install(Journal.class, "chronicle", chronicle, 0);
        kernel.install(Journal.class, "segments", segments, 0);
        try {
            assertEquals("chronicle", kernel.kind(KIND).orElseThrow().active());
            for (int i = 0; i < 40; i++) {
                assertEquals(i, journal.append(rec("before" + i)));
            }
            Path folder = b.resolve("journal").resolve("chronicle");
            SwapReport report;
            try (AJournalSwapOnAFullDiskWasSwappedBackAsFaultyTest.CycleFilesCut full =
                    AJournalSwapOnAFullDiskWasSwappedBackAsFaultyTest.CycleFilesCut.under(folder)) {
                for (int i = 0; i < 3; i++) {
                    int n = i;
                    assertThrows(UncheckedIOException.class, () -> journal.append(rec("full" + n)), "refused, not acknowledged");
                }
                report = kernel.swap("Journal", "segments");
            }
            System.out.println("swap away from the full disk: " + report);
            assertEquals(SwapOutcome.ROLLED_BACK, report.outcome(), report.toString());
            assertTrue(report.reason().contains("the disk holding " + folder + " is full or failing"), report.reason());
            assertTrue(report.reason().contains(".cq4"), "names the cycle file: " + report.reason());
            // Chronicle's own waits were 10 s each; the check takes a few file reads
            assertTrue(report.pauseMicros() < 5_000_000, "callers held " + report.pauseMicros() + " us");
            assertEquals("chronicle", kernel.kind(KIND).orElseThrow().active(), "the old implementation still serves");
            assertEquals(0, segments.nextIndex(), "segments was given nothing: no partial copy to serve from");
        } finally {
            chronicle.close();
            segments.close();
        }
    }

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
