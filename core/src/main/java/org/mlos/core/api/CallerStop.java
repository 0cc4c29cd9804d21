package org.mlos.core.api;

/**
 * Marks a throwable that the caller's own code throws through a call to end it early: the
 * consumer a walk over a store's items calls, once it has seen enough or its reader went away.
 * The call did not fail, so a kind's handle does not count it among the kind's failed calls
 * ({@link Kernel#callFigures}, which the supervision judges an implementation on probation by);
 * it passes it on to the caller as it came, as it does every throwable.
 */
public interface CallerStop {
}
