package org.mlos.core.testkinds;

import org.mlos.core.api.Key;
import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/** A stateful test kind whose mutations are marked, so it swaps live. */
@Kind
public interface Counters {

    @Mutates
    long add(@Key String key, long delta);

    long get(String key);

    int size();

    @Mutates
    void clear();

    /** Returns which implementation served the call. */
    String who();
}
