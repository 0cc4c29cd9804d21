package org.mlos.core.testkinds;

import org.mlos.core.api.Kind;

/** The same state as {@link Counters}, but nothing is marked: swaps hold callers for the whole copy. */
@Kind
public interface PlainCounters {

    long add(String key, long delta);

    long get(String key);

    int size();

    String who();
}
