package org.mlos.fault.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.JournalRecord;

/** Node events (cluster, supervisor restarts) go into the journal beside swap reports. */
class NodeEventJournalTest {

    @TempDir
    Path dir;

    @Test
    void eventsAreJournaledWithTheirTimeAndSourceAndTheTailShowsThem() {
        SegmentJournal journal = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 5, 1 << 20));
        NodeEventJournal events = new NodeEventJournal(journal);
        events.event("cluster", "member-joined 1234 [127.0.0.1]:5701 members=2");
        events.event("supervision", "node restarted by its supervisor: node cache-1 (pid 42) died; restart 1 of at most 5 in 60 s");
        List<JournalRecord> records = journal.read(0, 10);
        assertEquals(2, records.size());
        String first = new String(records.get(0).data(), StandardCharsets.UTF_8);
        assertTrue(first.matches("\\d{13} cluster member-joined 1234 \\[127.0.0.1\\]:5701 members=2"), first);
        String tail = new JournalCommands(journal).execute(List.of("tail", "1"));
        assertTrue(tail.startsWith("1 ") && tail.contains("supervision node restarted by its supervisor"), tail);
        // the time as an operator reads it (it was epoch ms): 1 2026-12-07T12:38:05.114Z supervision …
        assertTrue(tail.matches("1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z supervision (?s).*"), tail);
        assertEquals("1970-01-01T00:00:00.003Z apples", JournalCommands.readable("3 apples"));
        assertEquals("not a time", JournalCommands.readable("not a time"));
        journal.close();
    }
}
