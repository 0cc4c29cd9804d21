package org.mlos.core.state;

import org.osgi.annotation.versioning.ConsumerType;

/** Import side of the {@link StateFormats#ENTRIES entries} format. */
@ConsumerType
public interface EntryImport extends StateImport {

    @Override
    default String format() {
        return StateFormats.ENTRIES;
    }

    /** Adds or replaces an entry. */
    void put(StateEntry entry) throws Exception;

    /** Removes the entry for a key, if any (a key deleted during a live copy). */
    void remove(Object key) throws Exception;

    /** Removes every entry (before a full copy is repeated). */
    void clear() throws Exception;
}
