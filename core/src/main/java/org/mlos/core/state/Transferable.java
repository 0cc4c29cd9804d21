package org.mlos.core.state;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by an implementation whose state must survive a swap.
 *
 * <p>An implementation of a kind that is not declared stateless and does not implement this
 * interface cannot be swapped out or in with its state: the kernel refuses such swaps before
 * anything changes (unless the old implementation is going away anyway).
 */
@ConsumerType
public interface Transferable {

    /** Formats this implementation can export, best first. */
    List<String> exportFormats();

    /** Formats this implementation can import, best first. */
    List<String> importFormats();

    /**
     * Opens an export of this implementation's state in the given format.
     *
     * <p>The export must leave this implementation able to serve exactly as before: if the swap
     * rolls back it goes on serving. For the entries format, an export opened for a live swap
     * is read while this implementation keeps serving calls.
     */
    StateExport exportState(String format) throws Exception;

    /**
     * Opens an import of state in the given format into this implementation, which does not
     * serve calls until the swap completes. An implementation that held state from an earlier
     * time must start the import empty.
     */
    StateImport importState(String format) throws Exception;
}
