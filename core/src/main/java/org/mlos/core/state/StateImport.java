package org.mlos.core.state;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One import of state into an implementation that is about to serve. The kernel ends every
 * import with exactly one of {@link #commit()} or {@link #abort()}.
 */
@ConsumerType
public interface StateImport {

    /** The format of this import. */
    String format();

    /**
     * Loads a whole export of a direct (non-entries) format. For the entries format the kernel
     * drives the copy itself through {@link EntryImport} and does not call this.
     */
    default void load(StateExport export) throws Exception {
        throw new UnsupportedOperationException(
                "import of format " + format() + " must implement load(StateExport)");
    }

    /**
     * Called after the state is in, while callers are held and before any of them reaches this
     * implementation. Throwing rolls the swap back; the old implementation keeps serving.
     */
    default void check() throws Exception {
    }

    /**
     * What the import took in beside the state the kernel sent, for the swap report's note (the
     * line {@code mlos history} prints): a durable store's recovery from its folder, say, which the
     * report's {@code entries} (what moved from the old implementation) does not count. Asked once
     * the swap has completed; null if nothing.
     *
     * @since 1.2
     */
    default String detail() {
        return null;
    }

    /** The new implementation now serves. */
    default void commit() {
    }

    /** The swap rolled back: discard whatever was imported. */
    default void abort() {
    }
}
