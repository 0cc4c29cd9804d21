package org.mlos.mem.store;

import java.util.List;
import java.util.function.Consumer;

import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.EvictionListener;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.LiveItemSizes;
import org.mlos.mem.api.MemProperties;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.ValueReader;
import org.mlos.mem.api.StoreStats;

/**
 * memcached's operations, expiry, flush and CAS uniques, written once over five primitives an
 * implementation provides: {@link #lookup}, {@link #store}, {@link #discard}, {@link #discardAll},
 * {@link #forEachEntry}.
 *
 * <p>Every mutation of a key runs under that key's stripe lock ({@link #stripe}), so that
 * read-modify-write operations (add, cas, append, incr…: {@link ItemOperations}) are atomic per
 * key. Reads take no stripe lock; an implementation makes {@link #lookup} safe on its own.
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
    private final ItemOperations operations = new ItemOperations(this);
    private final DeadItemReclaim deadItems = new DeadItemReclaim(this, operations);
    /** Whether the node created this store (DS): its resizes are node-wide and it adopts the node's. */
    volatile boolean nodeStore;

    /** The lock guarding mutations of a key. */
    protected abstract Object stripe(String key);

    /**
     * Called first under a key's stripe lock by each operation that reads the key's item and
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
                : Capacity.bytes(configuredMb, context, MemProperties.STORE_CAPACITY_MB, MemProperties.DEFAULT_STORE_CAPACITY_MB);
    }

    /**
     * The largest value the node's stores must hold ({@link MemProperties#STORE_ITEM_MAX}): a
     * store that carves its budget into parts sizes them so that one holds such an item.
     */
    protected static long nodeLargestItem(org.osgi.framework.BundleContext context) {
        return org.mlos.core.settings.Settings.of(context).number(MemProperties.STORE_ITEM_MAX,
                MemProperties.DEFAULT_STORE_ITEM_MAX, 1, 1L << 30);
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

    // memcached's read-modify-write operations, and the plain set: ItemOperations, over the primitives

    @Override
    public StoreEntry touchAndGet(String key, long expiresAt) {
        return operations.touchAndGet(key, expiresAt);
    }

    @Override
    public long set(String key, byte[] value, int flags, long expiresAt) {
        return operations.set(key, value, flags, expiresAt);
    }

    @Override
    public long add(String key, byte[] value, int flags, long expiresAt) {
        return operations.add(key, value, flags, expiresAt);
    }

    @Override
    public long replace(String key, byte[] value, int flags, long expiresAt) {
        return operations.replace(key, value, flags, expiresAt);
    }

    @Override
    public CasResult compareAndSet(String key, byte[] value, int flags, long expiresAt, long expectedCas) {
        return operations.compareAndSet(key, value, flags, expiresAt, expectedCas);
    }

    @Override
    public long append(String key, byte[] suffix) {
        return operations.append(key, suffix, Long.MAX_VALUE);
    }

    @Override
    public long prepend(String key, byte[] prefix) {
        return operations.prepend(key, prefix, Long.MAX_VALUE);
    }

    @Override
    public long append(String key, byte[] suffix, long maxLength) {
        return operations.append(key, suffix, maxLength);
    }

    @Override
    public long prepend(String key, byte[] prefix, long maxLength) {
        return operations.prepend(key, prefix, maxLength);
    }

    @Override
    public Counter increment(String key, long delta) {
        return operations.increment(key, delta);
    }

    @Override
    public Counter decrement(String key, long delta) {
        return operations.decrement(key, delta);
    }

    @Override
    public boolean touch(String key, long expiresAt) {
        return operations.touch(key, expiresAt);
    }

    @Override
    public boolean delete(String key) {
        return operations.delete(key);
    }

    @Override
    public void flushAll(long atMillis) {
        if (atMillis <= now()) {
            discardAll();
        } else {
            flushAt = atMillis;
        }
    }

    /** The whole walk: every part in turn ({@link #reclaimDead(int)}). */
    @Override
    public long reclaimDead() {
        long reclaimed = 0;
        for (int part = 0; part < reclaimParts(); part++) {
            reclaimed += reclaimDead(part);
        }
        return reclaimed;
    }

    /**
     * The part's dead keys, as {@link #walkPart} finds them, removed in batches
     * ({@link DeadItemReclaim}). A store divides its walk by overriding {@link #reclaimParts} and
     * {@link #walkPart}; by default it is one part.
     */
    @Override
    public long reclaimDead(int part) {
        return reclaimDead(part, LiveItemSizes.NONE);
    }

    @Override
    public long reclaimDead(int part, LiveItemSizes live) {
        return part < 0 || part >= reclaimParts() ? 0 : deadItems.reclaim(part, live);
    }

    /**
     * Tells {@code walk} of every entry of part {@code part} (0 to {@link #reclaimParts()} − 1):
     * the key of each dead at {@code now} (expired, or hidden by a flush), the sizes of each live
     * one; weakly consistent. This default walks {@link #forEachEntry}, the whole store as one
     * part; stores override it to walk a part, and to read only times and lengths where
     * {@link #forEachEntry} copies values or takes a store-wide lock.
     */
    protected void walkPart(long now, int part, ReclaimWalk walk) {
        forEachEntry(e -> {
            if (live(e, now)) {
                walk.item(e.key().length(), e.value().length, e.flags(), e.storedAt());
            } else {
                walk.dead(e.key());
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
