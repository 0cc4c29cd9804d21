package org.mlos.fault.journal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

import org.mlos.fault.api.Journal;

/**
 * Node event records on their way into whichever journal is bound, in the order they came.
 *
 * <p>Records wait here while no journal is bound: DS activates {@link NodeEventJournal} before its
 * optional journal binds (the kernel publishes the handle only once an implementation serves), and
 * the supervisor's restart decision is told at activation, so it used to reach the log only. A
 * record leaves only once a journal took it, so a journal rebinding writes none twice, and one
 * failing keeps them for the next try. Past {@code capacity} the newest are turned away and counted
 * (the oldest, the restart decision first, explain what follows), and the count is journaled in
 * their place, so nothing goes missing unsaid.
 *
 * <p>One lock over everything: the journal's order is the order records came in, and node events
 * are few (membership, cluster swaps, restarts), so callers waiting for each other costs nothing.
 */
final class EventFeed {

    /** Far more than a node tells before its journal binds: a restart decision and a few joins. */
    static final int CAPACITY = 1024;
    private static final System.Logger LOG = System.getLogger(EventFeed.class.getName());

    private final int capacity;
    private final ArrayDeque<byte[]> waiting = new ArrayDeque<>();
    private Journal journal;
    private long turnedAway;

    EventFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + ": at least 1");
        }
        this.capacity = capacity;
    }

    synchronized void offer(byte[] record) {
        // once one is turned away, so are the rest until the count is journaled: it stands in their place
        if (turnedAway > 0 || waiting.size() >= capacity) {
            turnedAway++;
        } else {
            waiting.add(record);
        }
        flush();
    }

    synchronized void bind(Journal j) {
        journal = j;
        flush();
    }

    /** DS binds a replacement before it unbinds the one it replaces: only that one is forgotten. */
    synchronized void unbind(Journal j) {
        if (journal == j) {
            journal = null;
        }
    }

    private void flush() {
        while (journal != null && (!waiting.isEmpty() || turnedAway > 0)) {
            byte[] next = waiting.isEmpty() ? turnedAwayNotice() : waiting.peek();
            try {
                journal.append(next);
            } catch (IllegalArgumentException tooLarge) {
                // no journal will ever take it: kept, it would hold back every record after it
                LOG.log(System.Logger.Level.WARNING, "cannot journal '" + text(next) + "', only logged: " + tooLarge);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot journal '" + text(next) + "' yet, kept for the next try: " + e);
                return;
            }
            if (waiting.isEmpty()) {
                turnedAway = 0;
            } else {
                waiting.poll();
            }
        }
    }

    private byte[] turnedAwayNotice() {
        return (System.currentTimeMillis() + " journal " + turnedAway + " node events came while more than " + capacity
                + " waited for the journal: they are only in the node's log").getBytes(StandardCharsets.UTF_8);
    }

    /** The record's start: the one too large for a segment would fill the log. */
    private static String text(byte[] record) {
        String text = new String(record, 0, Math.min(record.length, 200), StandardCharsets.UTF_8);
        return record.length > 200 ? text + "… (" + record.length + " bytes)" : text;
    }
}
