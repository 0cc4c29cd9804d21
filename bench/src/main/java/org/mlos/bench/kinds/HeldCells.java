package org.mlos.bench.kinds;

import org.mlos.core.api.Kind;

/**
 * The same counters with nothing marked: the kernel must hold callers for the whole copy, as
 * K42 did. The swap-pause benchmark's baseline.
 */
@Kind
public interface HeldCells {

    long add(long key, long delta);

    long get(long key);

    long size();
}
