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

    /**
     * What the operator should know of the state having left, for the swap report's note (the
     * line {@code mlos history} prints, and each node's line of a cluster swap): a durable store
     * that cleared its journal, say. Asked after {@link #commit()}; null if nothing.
     *
     * @since 1.2
     */
    default String detail() {
        return null;
    }

    /** The swap rolled back: the exporting implementation goes on serving. */
    default void abort() {
    }
}
