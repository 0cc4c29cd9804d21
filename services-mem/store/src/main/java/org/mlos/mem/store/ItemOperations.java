package org.mlos.mem.store;

import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.StoreEntry;

/**
 * memcached's operations that read a key's item and write on what they read (add, replace, cas,
 * append, prepend, incr, decr, touch, gat, delete), and the plain set, over a store's primitives.
 * Each runs under the key's stripe lock, between the store's {@link AbstractStore#checking} and
 * {@link AbstractStore#checked} ({@link #underStripe}), so that it is atomic per key and none can
 * forget the hooks.
 */
final class ItemOperations {

    private final AbstractStore store;

    ItemOperations(AbstractStore store) {
        this.store = store;
    }

    /**
     * Runs an operation on a key's item under the key's stripe lock, between {@code checking} and
     * {@code checked}: every read-modify-write goes through here.
     */
    private <T> T underStripe(String key, Supplier<T> op) {
        Object stripe = store.stripe(key);
        synchronized (stripe) {
            store.checking(stripe);
            try {
                return op.get();
            } finally {
                store.checked(stripe);
            }
        }
    }

    /** {@link #underStripe} for an operation that answers a CAS unique (0: not stored), unboxed. */
    private long underStripeForCas(String key, LongSupplier op) {
        Object stripe = store.stripe(key);
        synchronized (stripe) {
            store.checking(stripe);
            try {
                return op.getAsLong();
            } finally {
                store.checked(stripe);
            }
        }
    }

    /** The live entry under the stripe lock, reclaiming a dead one. */
    private StoreEntry liveEntry(String key, long now) {
        return liveEntry(key, now, false);
    }

    /** As above; {@code aGet}: a dead one met is counted as a get's ({@link AbstractStore#countDeadGet}). */
    private StoreEntry liveEntry(String key, long now, boolean aGet) {
        StoreEntry e = store.lookup(key);
        if (e != null && !store.live(e, now)) {
            if (aGet) {
                store.countDeadGet(e.expiresAt(), e.storedAt());
            }
            store.discard(key);
            store.counters.reclaimed.increment();
            return null;
        }
        return e;
    }

    private StoreEntry newEntry(String key, byte[] value, int flags, long expiresAt, long now) {
        store.counters.set();
        return new StoreEntry(key, value, flags, expiresAt, store.nextCas(), now);
    }

    StoreEntry touchAndGet(String key, long expiresAt) {
        return underStripe(key, () -> {
            StoreEntry e = liveEntry(key, store.now(), true);
            if (e == null) {
                store.counters.touchMisses.increment();
                store.counters.miss();
                return null;
            }
            store.updateExpiry(e, expiresAt);
            store.counters.touchHits.increment();
            store.counters.hit();
            return store.copyOut(new StoreEntry(key, e.value(), e.flags(), expiresAt, e.cas(), e.storedAt()));
        });
    }

    long set(String key, byte[] value, int flags, long expiresAt) {
        return storeIf(key, value, flags, expiresAt, Unless.NEVER);
    }

    long add(String key, byte[] value, int flags, long expiresAt) {
        return storeIf(key, value, flags, expiresAt, Unless.PRESENT);
    }

    long replace(String key, byte[] value, int flags, long expiresAt) {
        return storeIf(key, value, flags, expiresAt, Unless.ABSENT);
    }

    /** Which items {@link #storeIf} stores over: set, add and replace differ only in this. */
    private enum Unless {
        /** set: stores whatever is there. */
        NEVER,
        /** add: not over a live item. */
        PRESENT,
        /** replace: only over a live item. */
        ABSENT
    }

    /** A set, add or replace: the CAS unique of the item stored, 0 if {@code unless} held. */
    private long storeIf(String key, byte[] value, int flags, long expiresAt, Unless unless) {
        byte[] own = value.clone();
        return underStripeForCas(key, () -> {
            long now = store.now();
            if (unless != Unless.NEVER && (liveEntry(key, now) != null) == (unless == Unless.PRESENT)) {
                return 0;
            }
            StoreEntry e = newEntry(key, own, flags, expiresAt, now);
            store.store(e);
            return e.cas();
        });
    }

    CasResult compareAndSet(String key, byte[] value, int flags, long expiresAt, long expectedCas) {
        byte[] own = value.clone();
        return underStripe(key, () -> {
            long now = store.now();
            StoreEntry cur = liveEntry(key, now);
            if (cur == null) {
                store.counters.casMisses.increment();
                return CasResult.NOT_FOUND;
            }
            if (cur.cas() != expectedCas) {
                store.counters.casBadValue.increment();
                return CasResult.EXISTS;
            }
            StoreEntry e = newEntry(key, own, flags, expiresAt, now);
            store.store(e);
            store.counters.casHits.increment();
            return CasResult.stored(e.cas());
        });
    }

    long append(String key, byte[] suffix, long maxLength) {
        return concat(key, suffix, false, maxLength);
    }

    long prepend(String key, byte[] prefix, long maxLength) {
        return concat(key, prefix, true, maxLength);
    }

    /**
     * append ({@code front} false) or prepend: the new CAS unique, 0 if the key has no live item
     * or the joined value would pass {@code maxLength}.
     */
    private long concat(String key, byte[] data, boolean front, long maxLength) {
        return underStripeForCas(key, () -> {
            long now = store.now();
            StoreEntry cur = liveEntry(key, now);
            if (cur == null || (long) cur.value().length + data.length > maxLength) {
                return 0;
            }
            StoreEntry e = newEntry(key, cur.valueJoinedWith(data, front), cur.flags(), cur.expiresAt(), now);
            store.store(e);
            return e.cas();
        });
    }

    Counter increment(String key, long delta) {
        return arithmetic(key, delta, true);
    }

    Counter decrement(String key, long delta) {
        return arithmetic(key, delta, false);
    }

    /** incr ({@code up}) or decr: the result, null if the key has no live item. */
    private Counter arithmetic(String key, long delta, boolean up) {
        return underStripe(key, () -> {
            long now = store.now();
            StoreEntry cur = liveEntry(key, now);
            if (cur == null) {
                (up ? store.counters.incrMisses : store.counters.decrMisses).increment();
                return null;
            }
            long result = Counter.apply(Counter.parse(cur.value()), delta, up);
            byte[] text = Long.toUnsignedString(result).getBytes(StandardCharsets.US_ASCII);
            StoreEntry e = new StoreEntry(key, text, cur.flags(), cur.expiresAt(), store.nextCas(), now);
            store.store(e);
            (up ? store.counters.incrHits : store.counters.decrHits).increment();
            return new Counter(result, e.cas());
        });
    }

    boolean touch(String key, long expiresAt) {
        return underStripe(key, () -> {
            StoreEntry e = liveEntry(key, store.now());
            if (e == null) {
                store.counters.touchMisses.increment();
                return false;
            }
            store.updateExpiry(e, expiresAt);
            store.counters.touchHits.increment();
            return true;
        });
    }

    boolean delete(String key) {
        return underStripe(key, () -> {
            boolean hit = liveEntry(key, store.now()) != null && store.discard(key);
            (hit ? store.counters.deleteHits : store.counters.deleteMisses).increment();
            return hit;
        });
    }

    /**
     * Removes the key's item if it is dead now, checked under its lock: a reclaim walk found it
     * dead, and it may have been set again since. Not counted as {@code reclaimed}: a walk's
     * caller counts its removals.
     */
    boolean removeIfDead(String key) {
        return underStripe(key, () -> {
            StoreEntry e = store.lookup(key);
            return e != null && !store.live(e, store.now()) && store.discard(key);
        });
    }
}
