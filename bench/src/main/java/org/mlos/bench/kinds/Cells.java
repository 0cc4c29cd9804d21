package org.mlos.bench.kinds;

import org.mlos.core.api.Key;
import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/** The swap-pause benchmark's kind: counters by key, mutations marked, so it swaps live. */
@Kind
public interface Cells {

    @Mutates
    long add(@Key long key, long delta);

    long get(long key);

    long size();
}
