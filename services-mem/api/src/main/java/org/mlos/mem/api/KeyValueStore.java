package org.mlos.mem.api;

import java.util.function.Consumer;

import org.mlos.core.api.Key;
import org.mlos.core.api.Kind;
import org.mlos.core.api.Mutates;

/**
 * A key-value store: the backing store of a cache, with memcached's operations.
 *
 * <p>Keys are strings; a binary key maps to one by ISO-8859-1, byte for byte. Expiry times are
 * absolute, in epoch milliseconds, {@link #NEVER} for none. Every stored item carries a CAS
 * unique, different for every store operation. A store keeps within its capacity by evicting
 * items (each implementation says which); an item that cannot fit at all is refused with
 * {@link StoreFullException}.
 *
 * <p>Mutations are marked, so a store swaps live: its entries are copied while it keeps serving.
 */
@Kind(remote = true)
public interface KeyValueStore {

    /** Expiry time meaning "never expires". */
    long NEVER = 0;

    /** The item, or null if absent, expired or flushed. */
    StoreEntry get(String key);

    /**
     * Reads an item without copying its value out: if the item is present, live and not flushed,
     * passes its value, flags and CAS to {@code reader} (once) and returns true; otherwise returns
     * false without calling it. Counts as a {@link #get} in the store's statistics. The default
     * reads through {@link #get}, a copy; stores override it to hand out the value where it lies.
     *
     * @since 1.5
     */
    default boolean read(String key, ValueReader reader) {
        StoreEntry e = get(key);
        if (e == null) {
            return false;
        }
        reader.read(e.value(), 0, e.value().length, e.flags(), e.cas());
        return true;
    }

    /** Sets a new expiry time and returns the item (memcached {@code gat}), or null if absent. */
    @Mutates
    StoreEntry touchAndGet(@Key String key, long expiresAt);

    /** Stores an item unconditionally; returns its CAS unique. */
    @Mutates
    long set(@Key String key, byte[] value, int flags, long expiresAt);

    /** Stores an item only if the key is absent; returns its CAS unique, or 0 if the key exists. */
    @Mutates
    long add(@Key String key, byte[] value, int flags, long expiresAt);

    /** Stores an item only if the key exists; returns its CAS unique, or 0 if absent. */
    @Mutates
    long replace(@Key String key, byte[] value, int flags, long expiresAt);

    /** Stores an item only if its CAS unique is still {@code expectedCas}. */
    @Mutates
    CasResult compareAndSet(@Key String key, byte[] value, int flags, long expiresAt, long expectedCas);

    /** Appends to an existing item's value (flags and expiry kept); returns the new CAS, or 0 if absent. */
    @Mutates
    long append(@Key String key, byte[] suffix);

    /** Prepends to an existing item's value; returns the new CAS, or 0 if absent. */
    @Mutates
    long prepend(@Key String key, byte[] prefix);

    /**
     * Appends as {@link #append(String, byte[])} unless the joined value would be longer than
     * {@code maxLength} bytes, checked against the very item the suffix joins (memcached's item
     * size limit, {@code -I}): two appends racing on one key cannot pass it together, as they could
     * if a caller checked the length first. The default joins by compare-and-set, again while
     * another write lands in between; a touch landing in between (which keeps the item's CAS
     * unique) is undone by it. The stores of {@code org.mlos.mem} and {@code org.mlos.mem.heap},
     * the durable and the distributed store override it with one step under the key's lock; a
     * remote kind's stub runs this default over remote calls (so there a touch landing between its
     * read and its compare-and-set can be undone).
     *
     * @return the new CAS unique; 0 if the key has no item or the joined value would be too long
     * @since 1.8
     */
    @Mutates
    default long append(@Key String key, byte[] suffix, long maxLength) {
        return joinWithin(key, suffix, false, maxLength);
    }

    /**
     * Prepends as {@link #prepend(String, byte[])}, within {@code maxLength} as
     * {@link #append(String, byte[], long)}.
     *
     * @since 1.8
     */
    @Mutates
    default long prepend(@Key String key, byte[] prefix, long maxLength) {
        return joinWithin(key, prefix, true, maxLength);
    }

    private long joinWithin(String key, byte[] part, boolean front, long maxLength) {
        for (;;) {
            StoreEntry cur = get(key);
            if (cur == null || (long) cur.value().length + part.length > maxLength) {
                return 0;
            }
            CasResult r = compareAndSet(key, cur.valueJoinedWith(part, front), cur.flags(), cur.expiresAt(), cur.cas());
            if (r.status() != CasResult.Status.EXISTS) {
                return r.status() == CasResult.Status.STORED ? r.cas() : 0;
            }
            // another write landed between the read and the join: join with what it wrote
        }
    }

    /**
     * Adds to a value holding a decimal unsigned 64-bit number (wrapping at 2^64, as memcached
     * does); returns the result, or null if absent.
     *
     * @throws IllegalArgumentException if the value is not such a number
     */
    @Mutates
    Counter increment(@Key String key, long delta);

    /** Subtracts, stopping at zero; returns the result, or null if absent. */
    @Mutates
    Counter decrement(@Key String key, long delta);

    /** Sets a new expiry time; false if absent. */
    @Mutates
    boolean touch(@Key String key, long expiresAt);

    /** Removes an item; false if absent. */
    @Mutates
    boolean delete(@Key String key);

    /**
     * Invalidates every item stored at or before {@code atMillis}, from that time on (memcached
     * {@code flush_all [delay]}); a time in the past or now invalidates everything at once.
     */
    @Mutates
    void flushAll(long atMillis);

    /**
     * Passes each live item held now to {@code sink}, its value the caller's own copy, for
     * operator key dumps (memcached's {@code lru_crawler metadump}, {@code stats cachedump});
     * weakly consistent: items stored or removed meanwhile may or may not be passed.
     *
     * @return true if the store listed its items; false if it cannot list them (the default)
     * @since 1.2
     */
    default boolean forEachItem(Consumer<? super StoreEntry> sink) {
        return false;
    }

    /**
     * Tells {@code listener} of every item this store evicts from now on (null: no one), in place
     * of any listener set before. A kernel's handle passes this to the implementation serving at
     * the time only: the stores that evict are told by those that own them (a decorator such as the
     * durable store, on its private instance).
     *
     * @return true if the store evicts and tells; false if it never reports evictions (the default)
     * @since 1.3
     */
    default boolean onEviction(EvictionListener listener) {
        return false;
    }

    /**
     * Changes the memory budget while the store serves (memcached's {@code cache_memlimit}):
     * growing takes effect at once; shrinking evicts, with the {@link #onEviction listener} told
     * of each item, until the items fit the new budget, and keeps every item it does not evict.
     * The budget counts whole items (key, value and per-item overhead), as {@link #capacityBytes}
     * does.
     *
     * @param capacityBytes the new budget in bytes
     * @throws UnsupportedOperationException saying why, if this store cannot change its budget
     *         while it serves (the default: a store written before 1.4 keeps its budget)
     * @throws IllegalArgumentException if the budget is below what this store needs to work
     * @since 1.4
     */
    default void resize(long capacityBytes) {
        throw new UnsupportedOperationException("this store (" + getClass().getName()
                + ") cannot change its capacity while it serves; set its capacity.mb (or "
                + MemProperties.STORE_CAPACITY_MB + ") and start it again");
    }

    /**
     * Removes every item that expired or a flush hid, as memcached's LRU crawler does, so that
     * {@link #size} and the byte count follow what clients can still read; without it a dead item
     * stays until it is read or evicted. A walk of the whole store, weakly consistent, while it
     * serves; each item is checked again under its key's lock before it goes. Removals are not
     * counted as {@code reclaimed} (memcached counts its crawler's apart): the caller counts them.
     *
     * @return how many items it removed; 0 if this store does not reclaim this way (the default)
     * @since 1.7
     */
    default long reclaimDead() {
        return 0;
    }

    /**
     * How many parts {@link #reclaimDead(int)} divides a walk of this store into: a caller that
     * walks part by part (memcached's expiry crawler, through a kernel's handle) is inside the
     * store for one short call at a time, so a store swap never waits for a whole walk. The
     * number may differ from one store to the next, so a caller reads it again at each step.
     *
     * @return at least 1; 1 if this store does not divide its walk (the default)
     * @since 1.8
     */
    default int reclaimParts() {
        return 1;
    }

    /**
     * {@link #reclaimDead()} over one part of the store: a bounded slice of its items (a segment,
     * a range of its index), the parts together the whole walk. A part out of range removes
     * nothing and returns 0: the store may have been swapped since its caller read
     * {@link #reclaimParts}, for one of fewer parts.
     *
     * @param part 0 to {@link #reclaimParts()} − 1
     * @return how many items it removed; the default's part 0 is the whole {@link #reclaimDead()}
     * @since 1.8
     */
    default long reclaimDead(int part) {
        return part == 0 ? reclaimDead() : 0;
    }

    /**
     * {@link #reclaimDead(int)}, telling {@code live} the sizes of the live items the walk passes
     * (each once, weakly consistent as the walk is). The default tells nothing: a caller that
     * heard of no item while the store holds some knows the store does not tell.
     *
     * @since 1.8
     */
    default long reclaimDead(int part, LiveItemSizes live) {
        return reclaimDead(part);
    }

    /** Items held (expired ones may still count until reclaimed). */
    long size();

    /** The store's memory budget, in bytes. */
    long capacityBytes();

    StoreStats stats();
}
