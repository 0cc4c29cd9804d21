package org.mlos.core.state;

/** One record of the entries format; kinds define their own entry types. */
public interface StateEntry {

    /** The entry's key: the value a {@link org.mlos.core.api.Key} parameter carries, or null. */
    Object key();

    /** Approximate size in bytes, for swap reports; -1 if unknown. */
    default long bytes() {
        return -1;
    }
}
