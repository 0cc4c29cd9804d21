package org.mlos.sched.core;

import org.mlos.sched.api.ScheduledTask;

/**
 * A submitted task: its key (or null), its body, its ticket. A new task is its own ticket (one
 * object a task); one moved in by a swap keeps the ticket its submitter holds.
 */
public final class Task extends ScheduledTask implements Comparable<Task> {

    final Object key;
    final Runnable body;
    final ScheduledTask ticket;
    final long seq;

    /** A new task, its own ticket. */
    Task(Object key, Runnable body, long dueNanos, long seq) {
        super(dueNanos);
        this.key = key;
        this.body = body;
        this.ticket = this;
        this.seq = seq;
    }

    /** A task moved in by a swap, with the ticket it came with. */
    Task(Object key, Runnable body, ScheduledTask ticket, long seq) {
        super(ticket.dueNanos());
        this.key = key;
        this.body = body;
        this.ticket = ticket;
        this.seq = seq;
    }

    public Object key() {
        return key;
    }

    /** Submitted to run now ({@code execute}), not timed: it has no sequence number and no due time. */
    public boolean immediate() {
        return seq == 0 && ticket == this;
    }

    public ScheduledTask ticket() {
        return ticket;
    }

    /** Due time first, then submission order. */
    @Override
    public int compareTo(Task o) {
        int c = Long.compare(dueNanos(), o.dueNanos());
        return c != 0 ? c : Long.compare(seq, o.seq);
    }
}
