package org.mlos.mem.store.slab;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

import org.mlos.core.api.Kernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.api.ValueReader;
import org.mlos.mem.store.AbstractStore;
import org.mlos.mem.store.ReclaimWalk;
import org.mlos.mem.store.offheap.OffHeapStoreConfig;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code slab}: memcached's memory model, with nothing of an item on the Java heap. Items live
 * off-heap in 1 MB pages of FFM memory, each page carved into chunks of one size class (64 bytes
 * up, ×1.25 per class); a chunk holds the item's 40-byte header, its key and its value
 * ({@link Chunk}). The index is a set of open-addressing tables of {@code long}s, off-heap too
 * ({@link SlabIndex}). A full class evicts by CLOCK over its chunks, giving items read since the
 * hand last passed a second chance; pages follow the items between classes ({@link SlabRoom}).
 *
 * <p>The budget covers the pages and the index: a page is taken only while it and the index room
 * for its chunks fit.
 *
 * <p>Reads take no lock and allocate nothing ({@link #read}): a reader takes the chunk's stamp
 * (the item's CAS unique), copies, and takes the stamp again; a chunk freed or reused meanwhile
 * has another stamp, and the reader tries again. Mutations of a key hold one of 256 stripe
 * locks; a chunk is freed only under its class's lock, after its index slot is gone. A set whose
 * item needs the class of the key's chunk rewrites that chunk in place, claimed by its stamp
 * ({@link Chunk#claim}), taking no class lock and writing no index slot.
 */
@Component(service = KeyValueStore.class, property = Kernel.IMPL + "=slab",
        configurationPid = "org.mlos.mem.store.slab",
        // prototype: a node can host separate instances for other nodes (remote kinds)
        scope = ServiceScope.PROTOTYPE)
@Designate(ocd = OffHeapStoreConfig.class)
public final class SlabStore extends AbstractStore implements SlabRoom.Owner {

    private static final int STRIPES = 256;
    /** Validation failures a read tolerates (chunks reused under it) before it answers a miss. */
    private static final int READ_ATTEMPTS = 100;

    private final Object[] stripes = new Object[STRIPES];
    private final SlabIndex index = new SlabIndex(this::holds);
    /** Where items are stored and freed, chunk and index slot ({@link SlabWrites}). */
    private final SlabWrites writes = new SlabWrites(index);
    /** Replaced whole by a resize, while lock-free readers run. */
    private volatile SlabRoom room;
    /** Held by a resize: one at a time. */
    private final Object resizing = new Object();

    /** For DS. */
    public SlabStore() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    /** For plain Java and tests. */
    public SlabStore(long capacityBytes) {
        this();
        init(capacityBytes);
    }

    @Activate
    void activate(BundleContext context, OffHeapStoreConfig config) {
        init(nodeCapacity(config.capacity_mb(), context));
    }

    @Deactivate
    void deactivate() {
        discardAll();
        room.release();
        index.close(); // the tables are off-heap too: nothing frees them but this
    }

    private void init(long capacityBytes) {
        room = new SlabRoom(capacityBytes, index, this);
    }

    // ---- budget and figures -------------------------------------------------------------------

    @Override
    public long capacityBytes() {
        return room.capacity;
    }

    /** Off-heap memory taken: pages times their size. Never above the capacity. */
    public long reservedBytes() {
        return room.pages.reserved();
    }

    /** The pages, their read marks and the index's tables. */
    @Override
    public long heldBytes() {
        SlabPages pages = room.pages;
        return pages.reserved() + pages.markBytes() + index.bytes();
    }

    @Override
    protected long bytesUsed() {
        return room.itemBytes();
    }

    @Override
    public long size() {
        return index.size();
    }

    // ---- reads --------------------------------------------------------------------------------

    /** Whether a chunk holds the key now (the index's confirmation; a reader validates after). */
    private boolean holds(int ref, String key) {
        SlabPages pages = room.pages;
        SlabClass c = pages.carving(ref);
        MemorySegment m = pages.memory(SlabClass.page(ref));
        if (c == null || m == null) {
            return false;
        }
        long off = c.offset(SlabClass.slot(ref));
        try {
            return Chunk.stamp(m, off) != 0 && Keys.matches(m, off, c.chunkSize, key);
        } catch (IllegalStateException released) {
            return false; // the page was given back under us (a resize)
        }
    }

    /** The chunk the index names for the key now, or -1: for tests of where an item is kept. */
    int chunkOf(String key) {
        return index.get(key, Keys.hash(key));
    }

    @Override
    public boolean read(String key, ValueReader reader) {
        ItemCopy copy = ItemCopy.local();
        if (copyOut(key, copy, true)) {
            countGet(true);
            reader.read(copy.value, copy.valueOffset, copy.length, copy.flags, copy.stamp);
            return true;
        }
        countGet(false);
        return false;
    }

    @Override
    protected StoreEntry lookup(String key) {
        ItemCopy copy = ItemCopy.local(); // its value array is a fresh one: the entry keeps it
        if (!copyOut(key, copy, false)) {
            return null;
        }
        return new StoreEntry(key, copy.value, copy.flags, copy.expiresAt, copy.stamp, copy.storedAt);
    }

    @Override
    protected StoreEntry copyOut(StoreEntry e) {
        return e; // lookup copied the value off-heap into a fresh array already
    }

    /**
     * Copies the key's item, validated, into {@code copy}. {@code read} wants a visible item only,
     * its value in the scratch array; a lookup returns any (its caller reclaims the dead), its
     * value in an array of its own.
     */
    private boolean copyOut(String key, ItemCopy copy, boolean visibleOnly) {
        int hash = Keys.hash(key);
        int keyLength = key.length(); // now, not after the probe: see ItemCopy.reading
        for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
            SlabPages pages = room.pages;
            int ref;
            try {
                ref = index.get(key, hash, copy.reading(pages, visibleOnly, keyLength));
            } catch (IllegalStateException released) {
                continue; // the page was given back under us (a resize): look the key up again
            }
            if (ref >= 0) {
                if (visibleOnly && !visible(copy)) {
                    countDeadGet(copy.expiresAt, copy.storedAt); // only read asks for visible items
                    return false;
                }
                pages.mark(SlabClass.page(ref), SlabClass.slot(ref));
                return true;
            }
            if (!copy.torn) {
                return false;
            }
            Thread.onSpinWait(); // a chunk the index named changed under the copy: look again
        }
        return false;
    }

    /** Visible now; reads the clock only for an item with an expiry time or while a flush is pending. */
    private boolean visible(ItemCopy c) {
        return visible(c.expiresAt, c.storedAt);
    }

    @Override
    public boolean dead(MemorySegment m, long off, long now) {
        long expiresAt = Chunk.expiresAt(m, off);
        if (expiresAt != NEVER && now >= expiresAt) {
            return true;
        }
        return flushPending() && !liveAt(expiresAt, Chunk.storedAt(m, off), now);
    }

    @Override
    public long now() {
        return super.now();
    }

    @Override
    public long casClock() {
        return lastCas();
    }

    @Override
    public void tellEvicted(String key) {
        evicted(key);
    }

    @Override
    public void reclaimed() {
        counters.reclaimed.increment();
    }

    // ---- writes (under the key's stripe lock) -------------------------------------------------

    @Override
    protected Object stripe(String key) {
        return stripes[Keys.hash(key) & (STRIPES - 1)];
    }

    /**
     * A set without the heap stores' copy of the value and entry: the value goes straight from the
     * caller's array into the chunk, under the stripe lock, before this returns.
     */
    @Override
    public long set(String key, byte[] value, int flags, long expiresAt) {
        synchronized (stripe(key)) {
            countSet();
            long cas = nextCas();
            writes.write(room, key, value, flags, expiresAt, cas, now());
            return cas;
        }
    }

    @Override
    protected void store(StoreEntry e) {
        writes.write(room, e.key(), e.value(), e.flags(), e.expiresAt(), e.cas(), e.storedAt());
    }

    @Override
    protected boolean discard(String key) {
        return writes.discard(room, key);
    }

    /** Changes the expiry time in the chunk, if it still holds this item. */
    @Override
    protected void updateExpiry(StoreEntry entry, long expiresAt) {
        writes.updateExpiry(room, entry.key(), entry.cas(), expiresAt);
    }

    @Override
    protected void discardAll() {
        writes.discardAll(room);
    }

    @Override
    protected void forEachEntry(Consumer<StoreEntry> sink) {
        SlabRoom r = room;
        index.forEach(ref -> {
            ItemCopy copy = new ItemCopy();
            try {
                if (!copy.take(r.pages, ref, null, false)) {
                    return false;
                }
            } catch (IllegalStateException released) {
                return true; // given back under us (a resize): not an item any more
            }
            sink.accept(new StoreEntry(copy.key, copy.value, copy.flags, copy.expiresAt, copy.stamp, copy.storedAt));
            return true;
        });
    }

    /** A reclaim walk goes a segment of the index at a time: a 1 GB store of 4 M items has some 16 k in each. */
    @Override
    public int reclaimParts() {
        return SlabIndex.SEGMENTS;
    }

    /** As {@link #forEachEntry} over one index segment, but each value read into one scratch array: a reclaim walk needs only the times. */
    @Override
    protected void walkPart(long now, int part, ReclaimWalk walk) {
        SlabRoom r = room;
        ItemCopy copy = new ItemCopy();
        index.forEachIn(part, ref -> {
            try {
                if (!copy.take(r.pages, ref, null, true)) {
                    return false;
                }
            } catch (IllegalStateException released) {
                return true;
            }
            if (liveAt(copy.expiresAt, copy.storedAt, now)) {
                walk.item(copy.key.length(), copy.length, copy.flags, copy.storedAt);
            } else {
                walk.dead(copy.key);
            }
            return true;
        });
    }

    // ---- resizing and release -----------------------------------------------------------------

    /**
     * A budget within the page table's room (any lower one, or a higher one up to four times the
     * starting size, at least 1 GB: {@link SlabRoom#pageRoom}) is changed in place
     * ({@link SlabRoom#rebudget}): a lower one gives pages back, each emptied under its class's
     * lock, while the store serves; no item is copied. Above that the store is laid out anew: with every writer held, the live items are copied
     * to the heap, the pages given back, the new budget laid out, and the items stored again
     * oldest first (by CAS unique); readers do not wait, and may miss an item while it is stored
     * again. One resize at a time.
     */
    @Override
    protected void changeCapacity(long capacityBytes) {
        synchronized (resizing) {
            SlabRoom r = room;
            if (capacityBytes >= SlabPages.PAGE && capacityBytes / SlabPages.PAGE <= r.pages.maxPages()) {
                // a page given back is closed with every writer held: writers probe chunks of any
                // class under their key's lock alone (CI saw a set fail on a page closed under it)
                r.rebudget(capacityBytes, given -> {
                    if (!given.isEmpty()) {
                        exclusively(0, () -> given.forEach(Arena::close));
                    }
                });
            } else {
                layOutAnew(capacityBytes);
            }
        }
    }

    private void layOutAnew(long capacityBytes) {
        SlabRoom checked = new SlabRoom(capacityBytes, index, this); // refuses a bad size before anything changes
        exclusively(0, () -> {
            long now = now();
            List<StoreEntry> items = new ArrayList<>();
            forEachEntry(e -> {
                if (live(e, now)) {
                    items.add(e);
                }
            });
            items.sort(Comparator.comparingLong(StoreEntry::cas));
            discardAll();
            releaseMemory();
            room = checked;
            for (StoreEntry e : items) {
                try {
                    store(e);
                } catch (StoreFullException tooLarge) {
                    evicted(e.key()); // larger than anything the new budget can hold
                }
            }
        });
    }

    /** Runs {@code action} holding every stripe lock from {@code stripe} on: no key is mutated meanwhile. */
    private void exclusively(int stripe, Runnable action) {
        if (stripe == STRIPES) {
            action.run();
            return;
        }
        synchronized (stripes[stripe]) {
            exclusively(stripe + 1, action);
        }
    }

    /** Gives the pages back; readers still holding a chunk see it gone. */
    @Override
    protected void releaseMemory() {
        room.release();
        index.clear();
    }
}
