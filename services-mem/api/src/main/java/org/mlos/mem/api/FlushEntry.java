package org.mlos.mem.api;

import org.mlos.core.state.StateEntry;

/**
 * A pending {@link KeyValueStore#flushAll delayed flush}, carried by the entries state format
 * next to the items, so that a store swapped in before the flush time still applies it.
 *
 * @param atMillis the flush time: items stored before it are invalid from then on
 */
public record FlushEntry(long atMillis) implements StateEntry {

    @Override
    public Object key() {
        return null;
    }

    @Override
    public long bytes() {
        return 0;
    }
}
