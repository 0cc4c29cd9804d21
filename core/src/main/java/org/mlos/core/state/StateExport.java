package org.mlos.core.state;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One export of an implementation's state. The kernel ends every export with exactly one of
 * {@link #commit()} or {@link #abort()}.
 */
@ConsumerType
public interface StateExport {

    /** The format of this export. */
    String format();

    /** Entries in this export, for swap reports; -1 if unknown. */
    default long entries() {
        return -1;
    }

    /** Bytes in this export, for swap reports; -1 if unknown. */
    default long bytes() {
        return -1;
    }

    /**
     * The swap completed: the state now belongs to the new implementation, and this one will not
     * serve again until it imports state anew. A good place to free memory.
     */
    default void commit() {
    }

    /** The swap rolled back: the exporting implementation goes on serving. */
    default void abort() {
    }
}
