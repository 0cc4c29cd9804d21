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

    /** The new implementation now serves. */
    default void commit() {
    }

    /** The swap rolled back: discard whatever was imported. */
    default void abort() {
    }
}
