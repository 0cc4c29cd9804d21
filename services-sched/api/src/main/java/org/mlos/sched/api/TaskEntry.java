package org.mlos.sched.api;

import org.mlos.core.state.StateEntry;

/**
 * A task not yet started, as the entries state format moves it from one scheduler to another.
 *
 * @param affinity the task's key, or null
 * @param task     the task
 * @param ticket   its ticket: due time, cancellation, at-most-once
 */
public record TaskEntry(Object affinity, Runnable task, ScheduledTask ticket) implements StateEntry {

    @Override
    public Object key() {
        return affinity;
    }
}
