package org.mlos.mem.store.lru;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;

import org.mlos.core.api.Kernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.store.AbstractStore;
import org.mlos.mem.store.ItemCost;
import org.mlos.mem.store.ReclaimWalk;
import org.mlos.mem.store.heap.HeapStoreConfig;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code lru}: items on the Java heap in one access order under one lock, evicted in exact
 * least-recently-used order across the whole store. The {@code heap} store approximates LRU per
 * segment (CLOCK) so that reads take no lock; this one is for stores whose eviction order must be
 * exact and predictable (small caches, tests of eviction policies), at the price of every call,
 * reads included, taking the store's lock. Needs no FFM: it runs on Java 17.
 */
@Component(service = KeyValueStore.class, property = Kernel.IMPL + "=lru",
        configurationPid = "org.mlos.mem.store.lru",
        scope = ServiceScope.PROTOTYPE)
@Designate(ocd = HeapStoreConfig.class)
public final class LruStore extends AbstractStore {

    /** A {@link StoreEntry}: header, flags, three longs, two references. */
    static final int ENTRY = 48;
    /** An {@link Item}: header, three references. */
    static final int ITEM = 24;
    /**
     * The index is split in this many maps so that no table grows into G1's humongous regions
     * (a table of half a region or more takes whole regions); the order stays one list.
     */
    static final int INDEX_MAPS = 64;

    /** An item in the store-wide access order, guarded by the store's lock. */
    private static final class Item {
        StoreEntry entry;
        Item prev;
        Item next;

        Item(StoreEntry entry) {
            this.entry = entry;
        }
    }

    private final Object lock = new Object();
    @SuppressWarnings("unchecked")
    private final HashMap<String, Item>[] index = new HashMap[INDEX_MAPS];
    /** Least recently used first. */
    private Item head;
    private Item tail;
    private long bytes;
    private long size;
    private volatile long capacity;

    /** For DS. */
    public LruStore() {
        for (int i = 0; i < INDEX_MAPS; i++) {
            index[i] = new HashMap<>();
        }
    }

    /** For plain Java and tests. */
    public LruStore(long capacityBytes) {
        this();
        this.capacity = capacityBytes;
    }

    @Activate
    void activate(BundleContext context, HeapStoreConfig config) {
        capacity = nodeCapacity(config.capacity_mb(), context);
    }

    /** An item's bytes on the heap: item, entry, index node, table slot, key, value array. */
    static long cost(StoreEntry e) {
        return ITEM + ENTRY + ItemCost.HASH_NODE + ItemCost.TABLE_SLOT + ItemCost.key(e.key())
                + ItemCost.byteArray(e.value().length);
    }

    private HashMap<String, Item> map(String key) {
        return index[((key.hashCode() * 0x9E3779B9) >>> 16) & (INDEX_MAPS - 1)];
    }

    private void unlink(Item it) {
        if (it.prev == null) {
            head = it.next;
        } else {
            it.prev.next = it.next;
        }
        if (it.next == null) {
            tail = it.prev;
        } else {
            it.next.prev = it.prev;
        }
        it.prev = null;
        it.next = null;
    }

    private void append(Item it) {
        it.prev = tail;
        if (tail == null) {
            head = it;
        } else {
            tail.next = it;
        }
        tail = it;
    }

    private void remove(Item it) {
        map(it.entry.key()).remove(it.entry.key());
        unlink(it);
        bytes -= cost(it.entry);
        size--;
    }

    @Override
    protected Object stripe(String key) {
        return lock;
    }

    @Override
    protected StoreEntry lookup(String key) {
        synchronized (lock) {
            Item it = map(key).get(key);
            if (it == null) {
                return null;
            }
            if (it != tail) { // an access: the item moves to the most recently used end
                unlink(it);
                append(it);
            }
            return it.entry;
        }
    }

    @Override
    protected void store(StoreEntry e) {
        long size = cost(e);
        synchronized (lock) {
            if (size > capacity) {
                throw new StoreFullException("item of " + size + " bytes does not fit an lru store of "
                        + capacity + " bytes");
            }
            Item old = map(e.key()).get(e.key());
            if (old != null) {
                remove(old);
            }
            while (bytes + size > capacity && head != null) {
                Item victim = head;
                remove(victim);
                evicted(victim.entry.key());
            }
            Item it = new Item(e);
            map(e.key()).put(e.key(), it);
            append(it);
            bytes += size;
            this.size++;
        }
    }

    /** Growing takes effect at once; shrinking evicts from the least recently used end until the items fit. */
    @Override
    protected void changeCapacity(long capacityBytes) {
        checkHeapRoom(capacityBytes, "lru");
        synchronized (lock) {
            capacity = capacityBytes;
            while (bytes > capacityBytes && head != null) {
                Item victim = head;
                remove(victim);
                evicted(victim.entry.key());
            }
        }
    }

    @Override
    protected boolean discard(String key) {
        synchronized (lock) {
            Item old = map(key).get(key);
            if (old == null) {
                return false;
            }
            remove(old);
            return true;
        }
    }

    @Override
    protected void discardAll() {
        synchronized (lock) {
            for (HashMap<String, Item> m : index) {
                m.clear();
            }
            head = null;
            tail = null;
            bytes = 0;
            size = 0;
        }
    }

    /**
     * A snapshot of the entries taken under the lock, then handed out without it: the sink may
     * take its time (a live swap's copy runs while callers keep calling) and must not hold the
     * store's lock meanwhile.
     */
    @Override
    protected void forEachEntry(Consumer<StoreEntry> sink) {
        List<StoreEntry> snapshot;
        synchronized (lock) {
            snapshot = new ArrayList<>((int) size);
            for (Item it = head; it != null; it = it.next) {
                snapshot.add(it.entry);
            }
        }
        snapshot.forEach(sink);
    }

    /** A reclaim walk goes an index map at a time, so it holds the store's lock for a 64th of the items at most. */
    @Override
    public int reclaimParts() {
        return INDEX_MAPS;
    }

    /**
     * The map's dead keys, found under the lock by their entries' times, then passed on without
     * it: not a snapshot of the whole item list under the lock, as {@link #forEachEntry} takes.
     */
    @Override
    protected void walkPart(long now, int part, ReclaimWalk walk) {
        List<String> dead = new ArrayList<>();
        synchronized (lock) {
            for (Item it : index[part].values()) {
                StoreEntry e = it.entry;
                if (live(e, now)) {
                    walk.item(e.key().length(), e.value().length, e.flags(), e.storedAt());
                } else {
                    dead.add(e.key());
                }
            }
        }
        dead.forEach(walk::dead);
    }

    @Override
    protected long bytesUsed() {
        synchronized (lock) {
            return bytes;
        }
    }

    @Override
    public long size() {
        synchronized (lock) {
            return size;
        }
    }

    @Override
    public long capacityBytes() {
        return capacity;
    }

    /** The keys from least to most recently used (for tests of the eviction order). */
    List<String> keysInEvictionOrder() {
        synchronized (lock) {
            List<String> keys = new ArrayList<>();
            for (Item it = head; it != null; it = it.next) {
                keys.add(it.entry.key());
            }
            return keys;
        }
    }
}
