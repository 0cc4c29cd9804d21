package org.mlos.sched.core;

import org.mlos.sched.api.ScheduledTask;

/** A submitted task: its key (or null), its body, its ticket. */
public final class Task implements Comparable<Task> {

    final Object key;
    final Runnable body;
    final ScheduledTask ticket;
    final long seq;

    Task(Object key, Runnable body, ScheduledTask ticket, long seq) {
        this.key = key;
        this.body = body;
        this.ticket = ticket;
        this.seq = seq;
    }

    public Object key() {
        return key;
    }

    public ScheduledTask ticket() {
        return ticket;
    }

    public long dueNanos() {
        return ticket.dueNanos();
    }

    /** Due time first, then submission order. */
    @Override
    public int compareTo(Task o) {
        int c = Long.compare(ticket.dueNanos(), o.ticket.dueNanos());
        return c != 0 ? c : Long.compare(seq, o.seq);
    }
}
