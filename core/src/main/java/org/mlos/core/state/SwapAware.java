package org.mlos.core.state;

import org.osgi.annotation.versioning.ConsumerType;

/** Optional callbacks for an implementation taking part in swaps, stateful or not. */
@ConsumerType
public interface SwapAware {

    /**
     * Called on the incoming implementation after its state is in, while callers are held.
     * Throwing rolls the swap back: the old implementation keeps serving.
     */
    default void beforeServing() throws Exception {
    }

    /** Called on the outgoing implementation once no caller can reach it any more. */
    default void retired() {
    }
}
