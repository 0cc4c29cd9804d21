package org.mlos.mem.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.EvictionListener;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.ValueReader;
import org.mlos.mem.api.StoreStats;

/**
 * memcached's operations, expiry, flush and CAS uniques, written once over five primitives an
 * implementation provides: {@link #lookup}, {@link #store}, {@link #discard}, {@link #discardAll},
 * {@link #forEachEntry}.
 *
 * <p>Every mutation of a key runs under that key's stripe lock ({@link #stripe}), so that
 * read-modify-write operations (add, cas, append, incr…) are atomic per key. Reads take no
 * stripe lock; an implementation makes {@link #lookup} safe on its own.
 *
 * <p>Value arrays inside a store are never modified once stored: the public operations copy values
 * in and out, and the primitives pass arrays around freely.
 */
public abstract class AbstractStore implements KeyValueStore, Transferable {

    protected final StoreCounters counters = new StoreCounters();
    /**
     * The CAS uniques: one counter, so that uniques follow time across keys as memcached's do (its
     * meta protocol's {@code I} flag compares a token with an item's unique by age). Per-thread
     * blocks of uniques took the atomic increment off the set path, but a block older than another
     * thread's made a later item's unique the smaller one ({@code MetaDifferentialTest} caught it).
     */
    final CasSequence casSequence = new CasSequence();
    /** When a pending delayed flush takes effect, 0 if none; moved by state transfer ({@link EntriesTransfer}). */
    volatile long flushAt;
    private volatile EvictionListener evictionListener;
    /** Whether the node created this store (DS): its resizes are node-wide and it adopts the node's. */
    volatile boolean nodeStore;

    /** The lock guarding mutations of a key. */
    protected abstract Object stripe(String key);

    /**
     * Called first under a key's stripe lock by each operation here that reads the key's item and
     * writes on what it read (add, cas, incr, append, touch, delete…), and {@link #checked} last:
     * a store whose plain set writes without the stripe lock (the heap store's, when a value's size
     * stays) holds such sets off meanwhile, or one could land between the read and the write and
     * be lost.
     */
    protected void checking(Object stripe) {
    }

    /** The operation {@link #checking} announced is done; under the stripe lock still. */
    protected void checked(Object stripe) {
    }

    /** The stored entry for a key, live or not, or null. Called with or without the stripe lock. */
    protected abstract StoreEntry lookup(String key);

    /**
     * Inserts or replaces an entry, evicting others if needed. Called under the key's stripe lock.
     * The entry's value array now belongs to the store.
     *
     * @throws org.mlos.mem.api.StoreFullException if it cannot be stored at all
     */
    protected abstract void store(StoreEntry entry);

    /** Removes a key's entry; false if there was none. Called under the key's stripe lock. */
    protected abstract boolean discard(String key);

    /** Removes every entry. */
    protected abstract void discardAll();

    /** Every entry, live or not, weakly consistent: it may run while the store serves. */
    protected abstract void forEachEntry(Consumer<StoreEntry> sink);

    /** Bytes the entries take now: keys, values and what the store spends on each item. */
    protected abstract long bytesUsed();

    /**
     * Memory the store holds now by its own reckoning: what its items keep on the heap, live or
     * not yet reclaimed, plus the off-heap memory it has reserved. Kept within the capacity.
     */
    public long heldBytes() {
        return bytesUsed();
    }

    /**
     * The budget of a store the node creates: the one an operator set while the node runs if any
     * ({@link Capacity#storeResized}), else configuration, framework property or default. Stores
     * built by plain Java (tests) are not the node's and neither read nor set the node's budget.
     */
    protected final long nodeCapacity(long configuredMb, org.osgi.framework.BundleContext context) {
        nodeStore = true;
        long resized = Capacity.storeResized();
        return resized > 0 ? resized
                : Capacity.bytes(configuredMb, context, StoreConfig.CAPACITY_PROPERTY, StoreConfig.DEFAULT_CAPACITY_MB);
    }

    /**
     * Sets the budget while the store serves: growing at once; shrinking evicts through
     * {@link #evicted} until the items fit. Implementations check the size themselves.
     *
     * @throws UnsupportedOperationException saying why, if this store cannot
     * @throws IllegalArgumentException if the budget is below what the store needs
     */
    protected abstract void changeCapacity(long capacityBytes);

    /** Refuses to grow an on-heap store past what the node's Java heap holds ({@link HeapRoom}). */
    protected final void checkHeapRoom(long capacityBytes, String store) {
        HeapRoom.check(capacityBytes(), capacityBytes, store);
    }

    @Override
    public final void resize(long capacityBytes) {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("a store's capacity must be a positive number of bytes, was "
                    + capacityBytes);
        }
        changeCapacity(capacityBytes);
        if (nodeStore) {
            Capacity.storeResized(capacityBytes);
        }
    }

    /** Returns memory to the system once the store holds nothing (after its state moved away). */
    protected void releaseMemory() {
    }

    /** Changes an entry's expiry time; stores may override to avoid rewriting the value. */
    protected void updateExpiry(StoreEntry entry, long expiresAt) {
        store(new StoreEntry(entry.key(), entry.value(), entry.flags(), expiresAt, entry.cas(), entry.storedAt()));
    }

    @Override
    public boolean onEviction(EvictionListener listener) {
        evictionListener = listener;
        return true;
    }

    /**
     * Counts an item evicted to make room and tells the listener, if any. Every eviction of an
     * implementation goes through here (not removals, replacements, expiry or flushes).
     */
    protected final void evicted(String key) {
        counters.evictions.increment();
        EvictionListener l = evictionListener;
        if (l != null) {
            try {
                l.evicted(key);
            } catch (RuntimeException e) {
                // the eviction is done: a listener that throws must not leave the store half-way
                System.getLogger(AbstractStore.class.getName()).log(System.Logger.Level.WARNING,
                        "the eviction listener " + l + " threw for key " + key + ": " + e);
            }
        }
    }

    protected long now() {
        return System.currentTimeMillis();
    }

    /** A new CAS unique, above every unique given before: one store-wide counter. */
    protected final long nextCas() {
        return casSequence.next();
    }

    /** The newest CAS unique given: a clock that counts store operations, for ages that do not depend on timing. */
    protected final long lastCas() {
        return casSequence.last();
    }

    /** Counts a set (and a stored item), for a store that implements {@link #set} itself. */
    protected final void countSet() {
        counters.set();
    }

    /** Counts a get's hit or miss, for a store that implements {@link #read} or {@link #get} itself. */
    protected final void countGet(boolean hit) {
        if (hit) {
            counters.hit();
        } else {
            counters.miss();
        }
    }

    /**
     * A get ({@code get}, {@code read}, {@code touchAndGet}) met its item there but not visible:
     * counted as memcached counts such requests, {@code get_flushed} if a flush hid it (checked
     * first, as memcached does), else {@code get_expired}. Only on the miss path: a hit pays nothing.
     */
    protected final void countDeadGet(long expiresAt, long storedAt) {
        long now = now();
        long f = flushAt;
        if (f != 0 && now >= f && storedAt < f) {
            counters.getFlushed.increment();
        } else if (expiresAt != NEVER && now >= expiresAt) {
            counters.getExpired.increment();
        }
    }

    /** Whether an entry is visible at {@code now}: present, not expired, not flushed. */
    protected final boolean live(StoreEntry e, long now) {
        return e != null && e.liveAt(now, flushAt);
    }

    /** The live entry under the stripe lock, reclaiming a dead one. */
    private StoreEntry liveEntry(String key, long now) {
        return liveEntry(key, now, false);
    }

    /** As above; {@code aGet}: a dead one met is counted as a get's ({@link #countDeadGet}). */
    private StoreEntry liveEntry(String key, long now, boolean aGet) {
        StoreEntry e = lookup(key);
        if (e != null && !live(e, now)) {
            if (aGet) {
                countDeadGet(e.expiresAt(), e.storedAt());
            }
            discard(key);
            counters.reclaimed.increment();
            return null;
        }
        return e;
    }

    private StoreEntry newEntry(String key, byte[] value, int flags, long expiresAt, long now) {
        counters.set();
        return new StoreEntry(key, value, flags, expiresAt, nextCas(), now);
    }

    /**
     * The entry as a caller may keep it. Stores whose {@link #lookup} already returns a private
     * copy of the value (off-heap stores) override this to skip a second copy.
     */
    protected StoreEntry copyOut(StoreEntry e) {
        return new StoreEntry(e.key(), e.value().clone(), e.flags(), e.expiresAt(), e.cas(), e.storedAt());
    }

    // ---- KeyValueStore ---------------------------------------------------------------------

    /**
     * Whether a looked-up entry is visible now; reads the clock only when the answer depends on it
     * (an expiry time or a pending flush), which most items in most caches never have.
     */
    private boolean visible(StoreEntry e) {
        return e != null && visible(e.expiresAt(), e.storedAt());
    }

    /**
     * Whether a delayed flush is pending, the one case where an item's store time decides whether
     * it is visible: a store may skip reading the store time when not (and pass 0), since a flush
     * set meanwhile lies in the future and hides nothing yet.
     */
    protected final boolean flushPending() {
        return flushAt != 0;
    }

    /** Whether an item of this expiry and store time is visible now; the clock read only if it matters. */
    protected final boolean visible(long expiresAt, long storedAt) {
        long f = flushAt;
        if (expiresAt == NEVER && f == 0) {
            return true;
        }
        return liveAt(expiresAt, storedAt, now());
    }

    /** Whether an item of this expiry and store time is visible at {@code now}: not expired, not flushed. */
    protected final boolean liveAt(long expiresAt, long storedAt, long now) {
        long f = flushAt;
        return (expiresAt == NEVER || now < expiresAt) && (f == 0 || now < f || storedAt >= f);
    }

    @Override
    public StoreEntry get(String key) {
        StoreEntry e = lookup(key);
        if (visible(e)) {
            counters.hit();
            return copyOut(e);
        }
        if (e != null) {
            countDeadGet(e.expiresAt(), e.storedAt());
        }
        counters.miss();
        return null;
    }

    /**
     * A get without the copy: the entry {@link #lookup} found is passed as it is, so a store whose
     * lookup returns its own entry (the heap stores) hands out its own array, and one whose lookup
     * already copied (off-heap stores) hands out that copy, unless it overrides this.
     */
    @Override
    public boolean read(String key, ValueReader reader) {
        StoreEntry e = lookup(key);
        if (visible(e)) {
            counters.hit();
            byte[] v = e.value();
            reader.read(v, 0, v.length, e.flags(), e.cas());
            return true;
        }
        if (e != null) {
            countDeadGet(e.expiresAt(), e.storedAt());
        }
        counters.miss();
        return false;
    }

    /**
     * Runs an operation on a key's item under the key's stripe lock, between {@link #checking} and
     * {@link #checked}: every read-modify-write below goes through here, so none can forget them.
     */
    private <T> T underStripe(String key, Supplier<T> op) {
        Object stripe = stripe(key);
        synchronized (stripe) {
            checking(stripe);
            try {
                return op.get();
            } finally {
                checked(stripe);
            }
        }
    }

    /** {@link #underStripe} for an operation that answers a CAS unique (0: not stored), unboxed. */
    private long underStripeForCas(String key, LongSupplier op) {
        Object stripe = stripe(key);
        synchronized (stripe) {
            checking(stripe);
            try {
                return op.getAsLong();
            } finally {
                checked(stripe);
            }
        }
    }

    @Override
    public StoreEntry touchAndGet(String key, long expiresAt) {
        return underStripe(key, () -> {
            StoreEntry e = liveEntry(key, now(), true);
            if (e == null) {
                counters.touchMisses.increment();
                counters.miss();
                return null;
            }
            updateExpiry(e, expiresAt);
            counters.touchHits.increment();
            counters.hit();
            return copyOut(new StoreEntry(key, e.value(), e.flags(), expiresAt, e.cas(), e.storedAt()));
        });
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

    private long storeIf(String key, byte[] value, int flags, long expiresAt, Unless unless) {
        byte[] own = value.clone();
        return underStripeForCas(key, () -> {
            long now = now();
            if (unless != Unless.NEVER && (liveEntry(key, now) != null) == (unless == Unless.PRESENT)) {
                return 0;
            }
            StoreEntry e = newEntry(key, own, flags, expiresAt, now);
            store(e);
            return e.cas();
        });
    }

    @Override
    public long set(String key, byte[] value, int flags, long expiresAt) {
        return storeIf(key, value, flags, expiresAt, Unless.NEVER);
    }

    @Override
    public long add(String key, byte[] value, int flags, long expiresAt) {
        return storeIf(key, value, flags, expiresAt, Unless.PRESENT);
    }

    @Override
    public long replace(String key, byte[] value, int flags, long expiresAt) {
        return storeIf(key, value, flags, expiresAt, Unless.ABSENT);
    }

    @Override
    public CasResult compareAndSet(String key, byte[] value, int flags, long expiresAt, long expectedCas) {
        byte[] own = value.clone();
        return underStripe(key, () -> {
            long now = now();
            StoreEntry cur = liveEntry(key, now);
            if (cur == null) {
                counters.casMisses.increment();
                return CasResult.NOT_FOUND;
            }
            if (cur.cas() != expectedCas) {
                counters.casBadValue.increment();
                return CasResult.EXISTS;
            }
            StoreEntry e = newEntry(key, own, flags, expiresAt, now);
            store(e);
            counters.casHits.increment();
            return CasResult.stored(e.cas());
        });
    }

    @Override
    public long append(String key, byte[] suffix) {
        return concat(key, suffix, false);
    }

    @Override
    public long prepend(String key, byte[] prefix) {
        return concat(key, prefix, true);
    }

    private long concat(String key, byte[] data, boolean front) {
        return underStripeForCas(key, () -> {
            long now = now();
            StoreEntry cur = liveEntry(key, now);
            if (cur == null) {
                return 0;
            }
            byte[] first = front ? data : cur.value();
            byte[] second = front ? cur.value() : data;
            byte[] joined = Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, joined, first.length, second.length);
            StoreEntry e = newEntry(key, joined, cur.flags(), cur.expiresAt(), now);
            store(e);
            return e.cas();
        });
    }

    @Override
    public Counter increment(String key, long delta) {
        return arithmetic(key, delta, true);
    }

    @Override
    public Counter decrement(String key, long delta) {
        return arithmetic(key, delta, false);
    }

    private Counter arithmetic(String key, long delta, boolean up) {
        return underStripe(key, () -> {
            long now = now();
            StoreEntry cur = liveEntry(key, now);
            if (cur == null) {
                (up ? counters.incrMisses : counters.decrMisses).increment();
                return null;
            }
            long result = Counter.apply(Counter.parse(cur.value()), delta, up);
            byte[] text = Long.toUnsignedString(result).getBytes(StandardCharsets.US_ASCII);
            StoreEntry e = new StoreEntry(key, text, cur.flags(), cur.expiresAt(), nextCas(), now);
            store(e);
            (up ? counters.incrHits : counters.decrHits).increment();
            return new Counter(result, e.cas());
        });
    }

    @Override
    public boolean touch(String key, long expiresAt) {
        return underStripe(key, () -> {
            StoreEntry e = liveEntry(key, now());
            if (e == null) {
                counters.touchMisses.increment();
                return false;
            }
            updateExpiry(e, expiresAt);
            counters.touchHits.increment();
            return true;
        });
    }

    @Override
    public boolean delete(String key) {
        return underStripe(key, () -> {
            boolean hit = liveEntry(key, now()) != null && discard(key);
            (hit ? counters.deleteHits : counters.deleteMisses).increment();
            return hit;
        });
    }

    @Override
    public void flushAll(long atMillis) {
        if (atMillis <= now()) {
            discardAll();
        } else {
            flushAt = atMillis;
        }
    }

    /**
     * Dead keys are gathered in batches and each batch removed when full (and the rest after the
     * walk), so that a mass expiry does not list the whole key set on the heap. A removal during
     * the walk may move entries of an open-addressed index (the slab store's) behind it: those
     * are found by the next pass.
     */
    @Override
    public long reclaimDead() {
        List<String> batch = new ArrayList<>();
        long[] reclaimed = { 0 };
        forEachDeadKey(now(), key -> {
            batch.add(key);
            if (batch.size() == RECLAIM_BATCH) {
                reclaimed[0] += reclaim(batch);
            }
        });
        return reclaimed[0] + reclaim(batch);
    }

    /** Dead keys held at most before they are removed, mid-walk. */
    static final int RECLAIM_BATCH = 10_000;

    /** Removes the keys still dead, each checked again under its lock (set again meanwhile: kept); empties the list. */
    private long reclaim(List<String> keys) {
        long gone = 0;
        for (String key : keys) {
            if (underStripe(key, () -> {
                StoreEntry e = lookup(key);
                return e != null && !live(e, now()) && discard(key);
            })) {
                gone++;
            }
        }
        keys.clear();
        return gone;
    }

    /**
     * The key of every entry dead at {@code now} (expired, or hidden by a flush), weakly
     * consistent. Stores whose {@link #forEachEntry} copies values override this to read less.
     */
    protected void forEachDeadKey(long now, Consumer<String> sink) {
        forEachEntry(e -> {
            if (!live(e, now)) {
                sink.accept(e.key());
            }
        });
    }

    @Override
    public boolean forEachItem(Consumer<? super StoreEntry> sink) {
        long now = now();
        forEachEntry(e -> {
            if (live(e, now)) {
                sink.accept(copyOut(e));
            }
        });
        return true;
    }

    @Override
    public StoreStats stats() {
        return counters.snapshot(size(), bytesUsed(), capacityBytes());
    }

    // ---- state transfer: the entries format --------------------------------------------------

    @Override
    public List<String> exportFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public List<String> importFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public StateExport exportState(String format) {
        return EntriesTransfer.export(this);
    }

    @Override
    public StateImport importState(String format) {
        return EntriesTransfer.importInto(this);
    }
}
