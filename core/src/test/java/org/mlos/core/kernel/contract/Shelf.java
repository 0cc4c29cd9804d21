package org.mlos.core.kernel.contract;

import org.mlos.core.api.Key;
import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/** A kind keyed by any object (a composite key, a record). */
@Kind
public interface Shelf {

    @Mutates
    long add(@Key Object key, long delta);

    long get(Object key);

    String who();
}
