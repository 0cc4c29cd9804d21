package org.mlos.core.api;

/** The steps of the swap protocol, in order; a failed swap names the step that failed. */
public enum SwapStep {
    /** Checking the request: kinds, implementations, state formats. */
    NEGOTIATE,
    /** Interposing the mediator and waiting for calls that bypassed it to finish. */
    DRAIN,
    /** Copying state while the old implementation keeps serving (live swaps only). */
    COPY,
    /** Holding new calls and waiting until none is in flight on the old implementation. */
    HOLD,
    /** Exporting the old implementation's state. */
    EXPORT,
    /** Importing it into the new implementation. */
    IMPORT,
    /** The new implementation's check before it serves. */
    CHECK,
    /** Pointing the handle at the new implementation and releasing held calls. */
    SWITCH
}
