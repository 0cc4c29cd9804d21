package org.mlos.core.testkinds;

import org.mlos.core.api.Key;
import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/** A small remote kind: counters by key. */
@Kind(remote = true)
public interface RemoteTally {

    @Mutates
    long add(@Key String key, long delta);

    long get(String key);

    /** A mutation with no result, for the generated code's void paths. */
    @Mutates
    void reset(@Key String key);
}
