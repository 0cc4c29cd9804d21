package org.mlos.mem.store.heap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.mlos.mem.api.StoreEntry;

/**
 * A heap store's item: key, value and metadata in the one object its segment's table chains
 * ({@link ItemTable}), its place in its segment's CLOCK order (links guarded by the segment's
 * lock) and the bit a read sets.
 *
 * <p>The value and metadata are fields of the item rather than an immutable {@link StoreEntry} it
 * points to: a get reached the value through index node, item, entry, array, four dependent
 * loads, each a likely cache miss in a large store, and a set allocated an entry; now it is item
 * and array. A value is
 * changed in place under the segment's lock; lock-free readers see it whole through a sequence
 * number ({@link #version}, odd while a writer is between its two bumps), as a seqlock: they read
 * the fields and retry if the number moved. Value arrays are never modified once stored, so a read
 * that races a write sees the old array or the new one, never a mix of bytes.
 */
final class HeapItem extends HeapItemHead {

    /** This object: header, key, hash, version, value, flags, cost, three links (4 each), the bit, three longs, padded. */
    static final int OBJECT = 80;

    private static final VarHandle VERSION;
    private static final VarHandle CHAIN;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(HeapItemHead.class, "version", int.class);
            CHAIN = MethodHandles.lookup().findVarHandle(HeapItemHead.class, "chain", HeapItem.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long storedAt;
    /** What the item costs ({@link HeapStore#cost}), kept so that replacing it reads nothing of the old value. */
    int cost;
    HeapItem prev;
    HeapItem next;

    HeapItem(String key, byte[] value, int flags, long expiresAt, long cas, long storedAt, int cost) {
        super(key);
        this.value = value;
        this.flags = flags;
        this.expiresAt = expiresAt;
        this.cas = cas;
        this.storedAt = storedAt;
        this.cost = cost;
    }

    /**
     * The next item of the chain, as a lock-free reader follows it: with acquire, so that an item
     * reached through a link a writer relinked is seen whole, as one reached through a table slot.
     */
    HeapItem nextInChain() {
        return (HeapItem) CHAIN.getAcquire(this);
    }

    /** Relinks the item's chain (removal of its successor, growth); readers see the new link whole. */
    void setChain(HeapItem next) {
        CHAIN.setRelease(this, next);
    }

    /** Replaces value and metadata; under the segment's lock, the only writer. */
    void set(byte[] value, int flags, long expiresAt, long cas, long storedAt) {
        int v = version;
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence(); // the odd number is visible before any field changes
        this.value = value;
        this.flags = flags;
        this.expiresAt = expiresAt;
        this.cas = cas;
        this.storedAt = storedAt;
        VERSION.setRelease(this, v + 2);
    }

    /** Changes the expiry time alone; under the segment's lock. */
    void expiresAt(long expiresAt) {
        int v = version;
        VERSION.setOpaque(this, v + 1);
        VarHandle.storeStoreFence();
        this.expiresAt = expiresAt;
        VERSION.setRelease(this, v + 2);
    }

    /**
     * Starts a lock-free read: the sequence number to {@link #validate} against once the fields
     * are read (waiting out a writer between its two bumps, which holds no lock readers wait on).
     */
    int beginRead() {
        int v;
        while (((v = version) & 1) != 0) {
            Thread.onSpinWait();
        }
        return v;
    }

    /** Whether the fields read since {@link #beginRead} returned {@code v} were whole. */
    boolean validate(int v) {
        VarHandle.loadLoadFence(); // the fields are read before the number is checked again
        return version == v;
    }

    /** The item as an entry, whole, from any thread. */
    StoreEntry snapshot() {
        for (;;) {
            int v = beginRead();
            StoreEntry e = new StoreEntry(key, value, flags, expiresAt, cas, storedAt);
            if (validate(v)) {
                return e;
            }
        }
    }

    // Plain reads of the fields: under the segment's lock, or between beginRead and validate.

    byte[] value() {
        return value;
    }

    int flags() {
        return flags;
    }

    long expiresAt() {
        return expiresAt;
    }

    long cas() {
        return cas;
    }

    long storedAt() {
        return storedAt;
    }
}
