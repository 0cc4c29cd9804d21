package org.mlos.fault.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;

/**
 * Node events come on the cluster's threads while DS binds, replaces and unbinds the journal
 * (the restart decision waiting for the first bind, see
 * {@link ARestartDecisionBeforeTheJournalBoundWasOnlyLoggedTest}): every event lands in exactly
 * one journal, once, and each thread's events in the order it told them.
 */
class NodeEventsRacingTheJournalBindingAreJournaledOnceTest {

    private static final int ROUNDS = 20;
    private static final int THREADS = 8;
    private static final int EVENTS = 250;
    private static final int TOTAL = THREADS * EVENTS;

    /** Held: java.util.logging keeps loggers weakly, and a collected one comes back at INFO. */
    private final Logger eventLog = Logger.getLogger(NodeEventJournal.class.getName());
    private Level eventLevel;

    @TempDir
    Path dir;

    /** Each event is logged too: 40,000 lines to the console would serialize the threads on it. */
    @BeforeEach
    void quiet() {
        eventLevel = eventLog.getLevel();
        eventLog.setLevel(Level.WARNING);
    }

    @AfterEach
    void restore() {
        eventLog.setLevel(eventLevel);
    }

    @Test
    void noEventIsLostOrWrittenTwice() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            race(round);
        }
    }

    private void race(int round) throws Exception {
        NodeEventJournal events = new NodeEventJournal(TOTAL + 1); // nothing turned away: every event must land
        events.activate(ARestartDecisionBeforeTheJournalBoundWasOnlyLoggedTest.context(Map.of(Durability.DIR_PROPERTY,
                dir.toString(), NodeEventJournal.RESTART_PROPERTY, "restart " + round)));
        SegmentJournal a = journal(round + "a");
        SegmentJournal b = journal(round + "b");
        AtomicInteger told = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < EVENTS; i++) {
                    events.event("cluster", thread + ":" + i);
                    told.incrementAndGet();
                }
            }));
        }
        Thread binder = Thread.ofPlatform().start(() -> {
            await(told::get, TOTAL / 4);
            events.bindJournal(a);
            await(told::get, TOTAL / 2);
            events.bindJournal(b); // DS's replacement: the new bound before the old unbound
            events.unbindJournal(a);
            await(told::get, 3 * TOTAL / 4);
            events.unbindJournal(b);
        });
        for (Thread t : threads) {
            t.join();
        }
        binder.join();
        events.bindJournal(a); // what came while none was bound

        List<String> inA = ARestartDecisionBeforeTheJournalBoundWasOnlyLoggedTest.lines(a);
        List<String> inB = ARestartDecisionBeforeTheJournalBoundWasOnlyLoggedTest.lines(b);
        assertTrue(!inA.isEmpty() && inA.get(0).endsWith(" supervision node restarted by its supervisor: restart " + round), inA.toString());
        Set<String> seen = new HashSet<>();
        for (List<String> journal : List.of(inA.subList(1, inA.size()), inB)) {
            Map<Integer, Integer> last = new HashMap<>();
            for (String line : journal) {
                String event = line.substring(line.indexOf(" cluster ") + " cluster ".length());
                assertTrue(seen.add(event), "written twice: " + event);
                int thread = Integer.parseInt(event.substring(0, event.indexOf(':')));
                int i = Integer.parseInt(event.substring(event.indexOf(':') + 1));
                assertTrue(i > last.getOrDefault(thread, -1), "out of order in a journal: " + event);
                last.put(thread, i);
            }
        }
        assertEquals(TOTAL, seen.size(), "round " + round + ": every event journaled");
        a.close();
        b.close();
    }

    /** Gives up after 30 s: a thread that died short of the count fails the counts, not the build's clock. */
    private static void await(IntSupplier count, int atLeast) {
        long end = System.nanoTime() + 30_000_000_000L;
        while (count.getAsInt() < atLeast && System.nanoTime() < end) {
            Thread.yield();
        }
    }

    private SegmentJournal journal(String name) {
        return new SegmentJournal(new JournalSettings(dir.resolve(name), true, Durability.NONE, 5, 1 << 20));
    }
}
