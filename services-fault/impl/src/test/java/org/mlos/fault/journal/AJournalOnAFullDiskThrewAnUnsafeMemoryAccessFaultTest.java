package org.mlos.fault.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.LoggedLines;
import org.mlos.core.api.Kernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.StorageRefusals;
import org.mlos.fault.supervise.RefusalsTold;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The durable store said a full disk as what it is; the node's event journal (the {@code Journal}
 * kind) still threw the mapped file's {@code InternalError: a fault occurred in an unsafe memory
 * access operation} at its callers, naming neither disk nor folder, and its log said nothing. The
 * disk is made to refuse as a full one does: the segment file is cut short under its mapping, so
 * a write into it faults (SIGBUS) exactly as a write into a page the disk has no room for.
 */
@Timeout(60)
class AJournalOnAFullDiskThrewAnUnsafeMemoryAccessFaultTest {

    @TempDir
    Path dir;

    @Test
    void eachCallerIsToldOfTheDiskTheLogOnceAndTheRefusalsAreCounted() throws Exception {
        SegmentJournal journal = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 5, 1 << 20));
        Path folder = dir.resolve("journal").resolve("segments");
        try (LoggedLines log = LoggedLines.of(SegmentJournal.class.getName())) {
            assertEquals(0, journal.append(bytes("before")));
            try (DiskFull full = DiskFull.under(folder)) {
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> journal.append(bytes("r" + n)),
                            "a refusal the caller can catch, not the mapped file's InternalError");
                    assertTrue(e.getMessage().contains("the disk holding " + folder + " is full or failing"), e.getMessage());
                }
            }
            List<String> warnings = log.at(Level.WARNING).stream().filter(w -> w.contains("refused")).toList();
            assertEquals(1, warnings.size(), "one line for 100 refusals within a minute: " + warnings);
            assertTrue(warnings.get(0).contains("journal in " + folder + ": 1 write refused")
                    && warnings.get(0).contains("is full or failing"), warnings.get(0));
            assertEquals(100, journal.refusals().refused(), "each told to the swap supervisor");
            assertTrue(journal.refusals().lastReason().contains(folder.toString()), journal.refusals().lastReason());
            // the disk freed, the journal takes records again; not asserted: the index it gets. A file
            // cut short under its mapping loses the blocks the segment took ahead (a full disk is now
            // refused before the mapped write, ARefusedAppendOnAFullDiskUsedUpAnIndexTest), so this
            // is the last resort's fault, which, once the appends are JIT-compiled, arrives after the
            // segment's bookkeeping: each refused append may use an index (the README's known gaps)
            long after = journal.append(bytes("after"));
            assertArrayEquals(bytes("after"), journal.read(after, 1).get(0).data());
        } finally {
            journal.close();
        }
    }

    @Test
    void aRecordTooLargeIsTheCallersErrorNotTheDisks() {
        SegmentJournal journal = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 5, 64 << 10));
        try {
            assertThrows(IllegalArgumentException.class, () -> journal.append(new byte[100_000]));
            assertEquals(0, journal.refusals().refused());
        } finally {
            journal.close();
        }
    }

    @Test
    void itsRefusalsAreRegisteredWhereTheSupervisorFindsThemForTheJournalKind() {
        RefusalsTold told = new RefusalsTold();
        List<ServiceRegistration<?>> unregistered = new ArrayList<>();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> Durability.DIR_PROPERTY.equals(args[0]) ? dir.toString() : null;
                    case "registerService" -> {
                        assertEquals(StorageRefusals.class, args[0]);
                        Dictionary<?, ?> d = (Dictionary<?, ?>) args[2];
                        assertNull(d.get(Kernel.IMPL), "with mlos.impl the kernel would hide it from the supervisor");
                        Map<String, Object> props = new HashMap<>();
                        Collections.list(d.keys()).forEach(k -> props.put((String) k, d.get(k)));
                        assertTrue(told.add((StorageRefusals) args[1], props), props.toString());
                        yield Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                                new Class<?>[] { ServiceRegistration.class }, (p, m, x) -> {
                                    told.remove((StorageRefusals) args[1]);
                                    unregistered.add((ServiceRegistration<?>) p);
                                    return null;
                                });
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        SegmentJournal journal = new SegmentJournal();
        journal.activate(context);
        assertSame(journal.refusals(), told.of(Journal.class.getName(), "segments"));
        journal.deactivate();
        assertEquals(1, unregistered.size());
        assertNull(told.of(Journal.class.getName(), "segments"), "gone with the journal");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A full disk under a journal's mapped files: each file is cut to nothing, so a write into its
     * mapping faults as a write into a page the disk has no room for does; closing gives each its
     * length back (holes of zeroes), as freeing the disk would let the writes in again.
     */
    static final class DiskFull implements AutoCloseable {
        private final List<Path> files;
        private final List<Long> lengths;

        private DiskFull(List<Path> files, List<Long> lengths) {
            this.files = files;
            this.lengths = lengths;
        }

        static DiskFull under(Path folder) throws IOException {
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(p -> !p.getFileName().toString().startsWith(".")).filter(Files::isRegularFile).toList();
            }
            List<Long> lengths = new ArrayList<>();
            for (Path f : files) {
                lengths.add(Files.size(f));
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    raf.setLength(0);
                }
            }
            return new DiskFull(files, lengths);
        }

        @Override
        public void close() throws IOException {
            for (int i = 0; i < files.size(); i++) {
                try (RandomAccessFile raf = new RandomAccessFile(files.get(i).toFile(), "rw")) {
                    raf.setLength(lengths.get(i));
                }
            }
        }
    }
}
