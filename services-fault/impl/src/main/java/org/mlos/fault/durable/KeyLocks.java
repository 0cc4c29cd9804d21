package org.mlos.fault.durable;

/**
 * Striped locks by key. A mutation and the journaling of its effect happen under its key's
 * stripe, so the journal's last record for a key is always the key's latest state.
 *
 * <p>Lock order: {@code DurableState}'s lock, then a stripe, never the other way. A checkpoint
 * holds the state's lock and takes each item's stripe to read it settled; so a write takes the
 * store behind (which, while it recovers, waits for the state's lock) before its stripe.
 */
final class KeyLocks {

    private static final int STRIPES = 1024;
    private final Object[] stripes = new Object[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    Object of(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        return stripes[h & (STRIPES - 1)];
    }
}
