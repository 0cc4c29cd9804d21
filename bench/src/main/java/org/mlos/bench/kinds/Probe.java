package org.mlos.bench.kinds;

import org.mlos.core.api.Kind;

/** The swap-overhead benchmark's kind: a cheap call and a map lookup. */
@Kind(stateless = true)
public interface Probe {

    /** A few nanoseconds of arithmetic. */
    int next();

    /** A HashMap get. */
    int lookup(int key);
}
