package org.mlos.fault.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.api.NoImplementationException;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.JournalRecord;
import org.osgi.framework.BundleContext;

/**
 * A node its supervisor restarted journaled no restart: {@code NodeEventJournal} told the decision
 * at activation, and DS activates it before its optional journal binds (the kernel publishes the
 * journal's handle only once an implementation serves), so the decision reached the node's log
 * alone. Events now wait for the journal, in order, and each is written once.
 */
class ARestartDecisionBeforeTheJournalBoundWasOnlyLoggedTest {

    private static final String RESTART = "node cache-1 (pid 26189) died; restart 1 of at most 5 in 60 s";

    @TempDir
    Path dir;

    private final List<SegmentJournal> journals = new ArrayList<>();

    @AfterEach
    void close() {
        journals.forEach(SegmentJournal::close);
    }

    @Test
    void theRestartDecisionIsJournaledOnceTheJournalBinds() {
        NodeEventJournal events = new NodeEventJournal();
        events.activate(context(Map.of(Durability.DIR_PROPERTY, dir.toString(), NodeEventJournal.RESTART_PROPERTY, RESTART)));
        events.event("cluster", "member-joined 1234 [127.0.0.1]:5701 members=2");
        SegmentJournal journal = journal("a");
        events.bindJournal(journal);
        events.event("cluster", "member-joined 5678 [127.0.0.1]:5702 members=3");

        List<String> lines = lines(journal);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{13} supervision node restarted by its supervisor: " + RESTART.replace("(", "\\(")
                .replace(")", "\\)")), lines.get(0));
        assertTrue(lines.get(1).endsWith("members=2") && lines.get(2).endsWith("members=3"), lines.toString());
    }

    @Test
    void aJournalBoundInPlaceOfAnotherGetsOnlyWhatCameAfter() {
        NodeEventJournal events = new NodeEventJournal();
        events.activate(context(Map.of(Durability.DIR_PROPERTY, dir.toString(), NodeEventJournal.RESTART_PROPERTY, RESTART)));
        SegmentJournal first = journal("a");
        events.bindJournal(first);
        events.event("cluster", "one");
        SegmentJournal second = journal("b");
        events.bindJournal(second); // DS replaces a dynamic reference: the new one bound, then the old unbound
        events.unbindJournal(first);
        events.event("cluster", "two");
        events.unbindJournal(second);
        events.event("cluster", "three"); // no journal: waits for the next
        events.bindJournal(first);

        assertEquals(List.of("supervision", "cluster one", "cluster three"), sources(lines(first)));
        assertEquals(List.of("cluster two"), sources(lines(second)));
    }

    @Test
    void pastTheBoundTheEventsTurnedAwayAreCountedInTheirPlace() {
        NodeEventJournal events = new NodeEventJournal(2);
        events.activate(context(Map.of(Durability.DIR_PROPERTY, dir.toString(), NodeEventJournal.RESTART_PROPERTY, RESTART)));
        for (int i = 1; i <= 4; i++) {
            events.event("cluster", "event " + i);
        }
        SegmentJournal journal = journal("a");
        events.bindJournal(journal);
        events.event("cluster", "event 5");

        List<String> lines = lines(journal);
        assertEquals(4, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("supervision node restarted") && lines.get(1).endsWith("cluster event 1"), lines.toString());
        assertTrue(lines.get(2).contains(" journal 3 node events came while more than 2 waited"), lines.get(2));
        assertTrue(lines.get(3).endsWith("cluster event 5"), lines.get(3));
    }

    @Test
    void aRecordTheJournalCannotTakeYetIsKeptAndOneItNeverCanIsOnlyLogged() {
        NodeEventJournal events = new NodeEventJournal();
        events.activate(context(Map.of(Durability.DIR_PROPERTY, dir.toString(), NodeEventJournal.RESTART_PROPERTY, RESTART)));
        SegmentJournal journal = journal("a", 4096);
        AtomicBoolean serving = new AtomicBoolean(false);
        events.bindJournal(refusing(journal, serving)); // a handle published before its implementation serves
        events.event("cluster", "x".repeat(8192)); // larger than a segment: waits behind the restart decision
        events.event("cluster", "one");
        assertEquals(List.of(), lines(journal));
        serving.set(true);
        events.event("cluster", "two");

        assertEquals(List.of("supervision", "cluster one", "cluster two"), sources(lines(journal)));
    }

    @Test
    void withoutADataFolderNothingWaits() {
        NodeEventJournal events = new NodeEventJournal();
        events.activate(context(Map.of(NodeEventJournal.RESTART_PROPERTY, RESTART)));
        SegmentJournal journal = journal("a");
        events.bindJournal(journal);
        events.event("cluster", "member-joined 1234 [127.0.0.1]:5701 members=2");
        assertEquals(List.of(), lines(journal));
    }

    private SegmentJournal journal(String name) {
        return journal(name, 1 << 20);
    }

    private SegmentJournal journal(String name, int segmentBytes) {
        SegmentJournal j = new SegmentJournal(new JournalSettings(dir.resolve(name), true, Durability.NONE, 5, segmentBytes));
        journals.add(j);
        return j;
    }

    static List<String> lines(Journal journal) {
        List<String> out = new ArrayList<>();
        for (JournalRecord r : journal.read(journal.firstIndex(), 10_000)) {
            out.add(new String(r.data(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Each line without its time, and the restart decision as its source alone. */
    private static List<String> sources(List<String> lines) {
        return lines.stream().map(l -> l.substring(l.indexOf(' ') + 1))
                .map(l -> l.startsWith("supervision ") ? "supervision" : l).toList();
    }

    /** {@code journal}, whose appends throw as a handle with no implementation does until {@code serving}. */
    private static Journal refusing(Journal journal, AtomicBoolean serving) {
        return (Journal) Proxy.newProxyInstance(Journal.class.getClassLoader(), new Class<?>[] { Journal.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("append") && !serving.get()) {
                        throw new NoImplementationException(Journal.class.getName(), "no implementation of the journal yet");
                    }
                    try {
                        return method.invoke(journal, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    static BundleContext context(Map<String, String> properties) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
