package org.mlos.fault.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.fault.api.Durability;

/**
 * {@code json journal tail} answered {@code {"text": "<the lines>"}}: the node had no JSON form of
 * its journal, so the launcher parsed the lines, and told a record's second line from a record by
 * guessing. The node now writes each record as an object (index, the time its writer put first, the
 * rest), a record of several lines as one; the text is as it was.
 */
class JournalTailJsonWasOnlyItsTextTest {

    @TempDir
    Path dir;

    private SegmentJournal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    @Test
    void eachRecordIsAnObjectWithItsTimeApart() {
        journal = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 5, 1 << 20));
        append("1764496800123 autoscale leads node=5c1e rules=[cache=1..2]");
        append("1764496801000 swap KeyValueStore slab -> heap\n  a second line of 1");
        append("a record whose writer put no time first: \"quoted\" \\ 42");
        append("1764496802000 cluster member-left 1234");
        JournalCommands commands = new JournalCommands(journal);

        assertEquals("{\"records\":["
                + "{\"index\":1,\"timeMillis\":1764496801000,\"record\":\"swap KeyValueStore slab -> heap\\n  a second line of 1\"},"
                + "{\"index\":2,\"timeMillis\":null,\"record\":\"a record whose writer put no time first: \\\"quoted\\\" \\\\ 42\"},"
                + "{\"index\":3,\"timeMillis\":1764496802000,\"record\":\"cluster member-left 1234\"}]}",
                commands.executeJson(List.of("tail", "3")));
        String all = commands.executeJson(List.of("tail")); // 20 by default: every record
        assertTrue(all.startsWith("{\"records\":[{\"index\":0,\"timeMillis\":1764496800123,\"record\":\"autoscale leads"
                + " node=5c1e rules=[cache=1..2]\"},{\"index\":1,") && all.endsWith("{\"index\":3,\"timeMillis\":1764496802000,"
                + "\"record\":\"cluster member-left 1234\"}]}"), all);
        assertEquals("3 2025-11-30T10:00:02.000Z cluster member-left 1234\n", commands.execute(List.of("tail", "1")),
                "the text with its time in UTC (epoch ms in the JSON)");
    }

    /** A record opening with a number that is no time in milliseconds ("42 keys …") was taken for a timed one. */
    @Test
    void aLeadingNumberOfOtherLengthIsNoTime() {
        journal = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 5, 1 << 20));
        append("42 keys re-homed");
        append("17644968001234 fourteen digits");
        assertEquals("{\"records\":[{\"index\":0,\"timeMillis\":null,\"record\":\"42 keys re-homed\"},"
                + "{\"index\":1,\"timeMillis\":null,\"record\":\"17644968001234 fourteen digits\"}]}",
                new JournalCommands(journal).executeJson(List.of("tail")));
    }

    @Test
    void anEmptyJournalIsAnEmptyListAndFailuresAreErrors() {
        journal = new SegmentJournal(new JournalSettings(dir, true, Durability.NONE, 5, 1 << 20));
        assertEquals("{\"records\":[]}", new JournalCommands(journal).executeJson(List.of("tail")));
        assertEquals("{\"error\":\"" + JournalCommands.USAGE + "\"}", new JournalCommands(journal).executeJson(List.of("head")));
        assertEquals("{\"error\":\"the number of records must be a whole number ≥ 1, got '0'\"}",
                new JournalCommands(journal).executeJson(List.of("tail", "0")));
        assertEquals("{\"error\":\"this node has no journal (its profile lacks bundle org.mlos.fault)\"}",
                new JournalCommands(null).executeJson(List.of("tail")));
        assertEquals("error: this node has no journal (its profile lacks bundle org.mlos.fault)\n",
                new JournalCommands(null).execute(List.of("tail")), "the text as it was");
    }

    private void append(String record) {
        journal.append(record.getBytes(StandardCharsets.UTF_8));
    }
}
