package org.mlos.fault.journal;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mlos.core.api.JsonWriter;
import org.mlos.fault.api.JournalRecord;

/** {@code journal tail} as JSON ({@code mlos journal tail --json}). */
final class JournalJson {

    /**
     * Digits of a time in epoch milliseconds from 2001 to 2286: a record opening with a number of
     * other length ("42 keys …") is not taken for a timed one.
     */
    private static final int TIME_DIGITS = 13;

    private JournalJson() {
    }

    /**
     * {@code {"records":[{"index","timeMillis","record"}]}}, as given (oldest first). The journal keeps
     * bytes, not times: its writers here (NodeEventJournal, SwapSupervision) open each record with
     * the time in epoch milliseconds and a space, so that word is {@code timeMillis} and the rest
     * {@code record}; a record opening otherwise has {@code timeMillis} null and is whole in
     * {@code record}. A record of several lines is one record.
     */
    static String records(List<JournalRecord> records) {
        JsonWriter w = new JsonWriter().object().name("records").array();
        for (JournalRecord r : records) {
            String text = new String(r.data(), StandardCharsets.UTF_8);
            int space = text.indexOf(' ');
            boolean timed = space == TIME_DIGITS && text.chars().limit(space).allMatch(c -> c >= '0' && c <= '9');
            w.object().field("index", r.index()).name("timeMillis");
            if (timed) {
                w.value(Long.parseLong(text.substring(0, space))).field("record", text.substring(space + 1));
            } else {
                w.value((String) null).field("record", text);
            }
            w.end();
        }
        return w.end().end().toString();
    }
}
