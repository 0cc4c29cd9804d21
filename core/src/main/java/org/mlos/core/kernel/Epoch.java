package org.mlos.core.kernel;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The calls a {@link CallGate} let in between two flips: each counts itself here on entering and
 * uncounts on leaving, so once the gate flips to a new epoch this count only ever decreases.
 */
final class Epoch {
    final AtomicLong inFlight = new AtomicLong();
}
