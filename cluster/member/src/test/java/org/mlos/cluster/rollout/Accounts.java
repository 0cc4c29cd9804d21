package org.mlos.cluster.rollout;

import org.mlos.core.api.Key;
import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/** A stateful kind of the rollout tests. */
@Kind
public interface Accounts {

    @Mutates
    long add(@Key String account, long amount);

    long balance(String account);

    String who();
}
