package org.mlos.fault.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.SwapOutcome;
import org.mlos.core.kernel.KindPreference;
import org.mlos.core.kernel.SwapKernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.RecordLogJournal;
import org.mlos.fault.api.StorageRefusals;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.journal.SegmentJournal;
import org.mlos.fault.supervise.RefusalsTold;
import org.mlos.fault.supervise.SupervisionSettings;
import org.mlos.fault.supervise.SwapSupervisor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The durable store's writes refused on a full disk were told to the swap supervisor; the node's
 * event journal's were not: with calls counted, a live swap from {@code segments} to
 * {@code chronicle} on a full disk was swapped back by its error rate, as if {@code chronicle}
 * were faulty (and its callers got the mapped file's raw {@code InternalError}). The disk is
 * made to refuse as a full one does: chronicle's cycle file is cut short under its mapping, so a
 * write into it faults (SIGBUS) as a write into a page the disk has no room for.
 */
@Timeout(120)
class AJournalSwapOnAFullDiskWasSwappedBackAsFaultyTest {

    private static final String KIND = Journal.class.getName();

    @TempDir
    Path a;
    @TempDir
    Path b;

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final RefusalsTold told = new RefusalsTold();

    @Test
    void withCallsCountedTheDisksRefusalsKeepChronicleOnProbationSaidNotSwappedBack() throws Exception {
        SwapKernel kernel = new SwapKernel();
        Journal journal = kernel.handle(Journal.class);
        SegmentJournal segments = new SegmentJournal(new JournalSettings(a, true, Durability.NONE, 5, 1 << 20));
        told.add(segments.refusals(), RecordLogJournal.refusalProperties("segments"));
        ChronicleJournal chronicle = new ChronicleJournal();
        chronicle.activate(context(Map.of(Durability.DIR_PROPERTY, b.toString(), ChronicleSettings.BLOCK_MB_PROPERTY, "1")));
        kernel.install(Journal.class, "segments", segments, 0);
        kernel.install(Journal.class, "chronicle", chronicle, 0);
        kernel.configure(KIND, new KindPreference(null, 0, true));
        SwapSupervisor supervisor = new SwapSupervisor(kernel,
                SupervisionSettings.from(k -> k.equals(SupervisionSettings.PROBATION_PROPERTY) ? "10000" : null),
                kind -> List.of(), SwapSupervisor.Places.NONE_TOLD, told, (line, routine) -> events.add(line), millis::get);
        try {
            for (int i = 0; i < 40; i++) {
                journal.append(rec("before" + i));
                millis.addAndGet(100);
                supervisor.poll();
            }
            assertEquals(SwapOutcome.COMPLETED, kernel.swap("Journal", "chronicle").outcome());
            millis.addAndGet(100);
            supervisor.poll();
            assertEquals(40, journal.append(rec("on chronicle")));
            Path folder = b.resolve("journal").resolve("chronicle");
            int refused = 0;
            try (CycleFilesCut full = CycleFilesCut.under(folder)) {
                for (int i = 0; i < 300; i++) {
                    int n = i;
                    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> journal.append(rec("full" + n)),
                            "a refusal the caller can catch, not the mapped file's InternalError");
                    assertTrue(e.getMessage().contains("the disk holding " + folder + " is full or failing"), e.getMessage());
                    refused++;
                    if (i % 30 == 29) {
                        millis.addAndGet(1_000); // the probation's 10 s pass while the disk refuses
                        supervisor.poll();
                    }
                }
            }
            millis.addAndGet(1_000);
            supervisor.poll();
            String all = String.join("\n", events);
            assertTrue(kernel.callFigures(KIND).orElseThrow().failures() >= refused, "the gate counted them as failures");
            assertEquals("chronicle", kernel.kind(KIND).orElseThrow().active(), all);
            assertTrue(kernel.history().stream().noneMatch(r -> SwapSupervisor.TRIGGER.equals(r.trigger())), "no swap back: " + all);
            String verdict = events.stream().filter(e -> e.contains("impl=chronicle probation kept it")).findFirst()
                    .orElseThrow(() -> new AssertionError("no verdict: " + all));
            assertTrue(verdict.contains(refused + " calls since the swap refused because its storage refused them"), verdict);
            assertTrue(verdict.contains("the disk holding " + folder + " is full or failing"), verdict);
            assertTrue(verdict.contains("mlos swap Journal segments"), verdict);
        } finally {
            chronicle.deactivate();
            segments.close();
        }
    }

    private static byte[] rec(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A framework's context as far as a journal's activation uses it: its properties, and what it registers, told to the supervisor. */
    private BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> properties.get((String) args[0]);
                    case "registerService" -> registered(args);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ServiceRegistration<?> registered(Object[] args) {
        assertEquals(StorageRefusals.class, args[0], "registered as storage refusals alone");
        Dictionary<?, ?> d = (Dictionary<?, ?>) args[2];
        assertEquals(null, d.get(org.mlos.core.api.Kernel.IMPL), "with mlos.impl the kernel would hide it from the supervisor");
        Map<String, Object> props = new java.util.HashMap<>();
        for (Object k : Collections.list(d.keys())) {
            props.put((String) k, d.get(k));
        }
        StorageRefusals r = (StorageRefusals) args[1];
        assertTrue(told.add(r, props), props.toString());
        return (ServiceRegistration<?>) Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                new Class<?>[] { ServiceRegistration.class }, (p, m, x) -> {
                    if (m.getName().equals("unregister")) {
                        told.remove(r);
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    /**
     * A full disk under chronicle's cycle files: each is cut to nothing, so a write into its
     * mapping faults; closing gives each its length back, as freeing the disk would.
     */
    static final class CycleFilesCut implements AutoCloseable {
        private final List<Path> files;
        private final List<Long> lengths = new ArrayList<>();

        private CycleFilesCut(List<Path> files) {
            this.files = files;
        }

        static CycleFilesCut under(Path folder) throws IOException {
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".cq4")).toList();
            }
            assertTrue(!files.isEmpty(), "no cycle file in " + folder);
            CycleFilesCut cut = new CycleFilesCut(files);
            for (Path f : files) {
                cut.lengths.add(Files.size(f));
                try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                    raf.setLength(0);
                }
            }
            return cut;
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
