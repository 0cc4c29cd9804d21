package org.mlos.fault.api;

import org.mlos.core.state.StateEntry;

/**
 * The first entry of a journal's state in the entries format: which records follow, so that the
 * importing journal keeps every index (also when retention dropped the oldest, or none is kept)
 * and can check that all of them arrived.
 *
 * @param firstIndex index of the first record that follows
 * @param nextIndex  index the next appended record gets: the records {@code firstIndex} to
 *                   {@code nextIndex - 1} follow, in order
 */
public record JournalPosition(long firstIndex, long nextIndex) implements StateEntry {

    @Override
    public Object key() {
        return null;
    }

    @Override
    public long bytes() {
        return 16;
    }
}
