package org.mlos.core.api;

/** How a swap ended. */
public enum SwapOutcome {
    /** The new implementation serves, with the old one's state. */
    COMPLETED,
    /** The old implementation was going away and no state could be moved: the new one serves, empty. */
    FORCED,
    /** Something failed after the swap began: the old implementation serves as before, state intact. */
    ROLLED_BACK,
    /** The swap was refused before anything changed (no common state format, say). */
    REFUSED;

    /** True when the requested implementation is now active. */
    public boolean switched() {
        return this == COMPLETED || this == FORCED;
    }
}
