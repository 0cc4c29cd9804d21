package org.mlos.core.kernel.contract;

import java.io.IOException;
import java.util.Iterator;

import org.mlos.core.api.Key;
import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/** A stateful kind of an outsider's contract tests: a map of counters with removes, a checked exception and an iterator. */
@Kind
public interface Ledger {

    @Mutates
    long add(@Key String key, long delta);

    @Mutates
    boolean remove(@Key String key);

    /** Adds delta, then throws the checked exception if asked: the add stays applied. */
    @Mutates
    long addThenThrow(@Key String key, long delta, boolean checked) throws IOException;

    /** Moves {@code amount} from one counter to another: a mutation under two keys. */
    @Mutates
    long transfer(@Key String from, @Key String to, long amount);

    long get(String key);

    int size();

    /** A view of the keys as they are in the implementation (weakly consistent). */
    Iterator<String> keys();

    String who();
}
