package org.mlos.core.testkinds;

import org.mlos.core.api.Key;
import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/** {@link Counters} again under another name: a third kind for tests that swap several kinds at once. */
@Kind
public interface Tallies {

    @Mutates
    long add(@Key String key, long delta);

    long get(String key);

    int size();

    String who();
}
