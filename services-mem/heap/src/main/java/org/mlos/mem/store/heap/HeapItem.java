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
 * and array. A value is changed in place under the item's own lock, its sequence number
 * ({@link #version}) made odd by a compare-and-set while a writer changes the fields; lock-free
 * readers see them whole as with a seqlock: they read the fields and retry if the number moved. Value arrays are never modified once stored, so a read
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
    /**
     * What the item costs ({@link HeapStore#cost}), kept so that replacing it reads nothing of the old value;
     * written under the item's lock and the segment's ({@link #set}).
     */
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

    /**
     * Replaces value and metadata; under the segment's lock. The item's own lock excludes a set
     * that replaces a value of the same cost without the segment's ({@link #lockIfCost}).
     */
    void set(byte[] value, int flags, long expiresAt, long cas, long storedAt, int cost) {
        int v = lock();
        this.cost = cost;
        write(value, flags, expiresAt, cas, storedAt);
        unlock(v);
    }

    /**
     * For a set that changes no byte count, without the segment's lock (whose lock word and byte
     * count, its CLOCK links, stay as they are): takes the item's lock if the item still costs
     * {@code cost}, returning what {@link #write} and {@link #unlock} take; -1, nothing taken, if
     * its cost changed meanwhile. An item evicted or deleted since the caller found it takes the
     * value unseen: the set is then ordered before the removal, which it overlapped.
     */
    int lockIfCost(int cost) {
        int v = lock();
        if (this.cost != cost) {
            unlockUnchanged(v);
            return -1;
        }
        return v;
    }

    /**
     * Marks the item as taken out of its segment's table (a delete, a reclaim): a same-size set
     * that found it before finds its cost changed ({@link #lockIfCost}) and goes the segment's
     * way, which finds the key anew, rather than writing into an item no reader can reach.
     */
    void retire() {
        int v = lock();
        this.cost = -1;
        unlock(v);
    }

    /** Lets go of the item's lock taken at sequence number {@code v} with nothing written: a reader that saw v saw whole fields. */
    void unlockUnchanged(int v) {
        VERSION.setRelease(this, v);
    }

    /** Writes value and metadata; the item's lock held ({@link #lockIfCost}). */
    void write(byte[] value, int flags, long expiresAt, long cas, long storedAt) {
        this.value = value;
        this.flags = flags;
        this.expiresAt = expiresAt;
        this.cas = cas;
        this.storedAt = storedAt;
        if (!referenced) {
            referenced = true;
        }
    }

    /** Lets go of the item's lock taken when its sequence number was {@code v}, the writes made visible whole. */
    void unlock(int v) {
        VERSION.setRelease(this, v + 2);
    }

    /** Changes the expiry time alone; under the segment's lock. */
    void expiresAt(long expiresAt) {
        int v = lock();
        this.expiresAt = expiresAt;
        unlock(v);
    }

    /**
     * Takes the item's write lock: its sequence number from even to odd, which also tells
     * lock-free readers that a write is under way. Returns the even number it had. A writer holds
     * it for a few field stores, so waiting spins.
     */
    private int lock() {
        for (;;) {
            int v = version;
            if ((v & 1) == 0 && VERSION.compareAndSet(this, v, v + 1)) {
                return v; // a volatile CAS: no field store below moves above it
            }
            Thread.onSpinWait();
        }
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
