package org.mlos.fault.api;

import org.mlos.core.state.StateEntry;

/**
 * One journal record, as {@link Journal#read} returns it and as the entries state format carries
 * it from one journal to another.
 *
 * @param index its position in the journal
 * @param data  its bytes (owned by the caller)
 */
public record JournalRecord(long index, byte[] data) implements StateEntry {

    @Override
    public Object key() {
        return index;
    }

    @Override
    public long bytes() {
        return data.length + 12L;
    }
}
