package org.mlos.mem.store.slab;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.mlos.core.api.Kernel;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreFullException;
import org.mlos.mem.store.IndexedStore;
import org.mlos.mem.store.offheap.OffHeapStoreConfig;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * {@code slab}: memcached's memory model. Values live off-heap in 1 MB pages of FFM memory, each
 * page carved into chunks of one size class (64 bytes up, ×1.25 per class); keys and metadata
 * stay in an on-heap index. When a class is full it evicts its least recently used item (with a
 * second chance for items read since they were last passed over). Values cost the garbage
 * collector nothing.
 *
 * <p>Keys and metadata stay on the heap, so the budget covers both: the pages (with their
 * occupant arrays) plus what the items keep on the heap never exceed the capacity. A page is
 * taken only while both fit. When only heap has to be freed, an empty page of another class is
 * given back, else the class whose least recently used item is oldest evicts.
 *
 * <p>Pages follow the items (memcached's automove): a class out of chunks takes an empty page of
 * another class, or the page of a class whose items are much older, evicting what it holds; a
 * class with no page at all takes one from the class holding the most.
 *
 * <p>Reads take no lock: a reader copies the value out, then checks that the item was not freed
 * meanwhile (its chunk could have been reused) and retries if it was.
 */
@Component(service = KeyValueStore.class, property = Kernel.IMPL + "=slab",
        configurationPid = "org.mlos.mem.store.slab",
        // prototype: a node can host separate instances for other nodes (remote kinds)
        scope = ServiceScope.PROTOTYPE)
@Designate(ocd = OffHeapStoreConfig.class)
public final class SlabStore extends IndexedStore<SlabItem> {

    static final int PAGE = SlabPages.PAGE;
    static final int MIN_CHUNK = 64;
    static final double GROWTH = 1.25;
    /** Items passed over for a second chance before the scan evicts regardless. */
    static final int SECOND_CHANCE_SCAN = 256;
    /** How much older another class's LRU item must be before a class out of chunks takes its page. */
    static final int MOVE_AGE_RATIO = 2;
    /** Rounds of making room before an item is refused: only contention makes more than one. */
    static final int ROOM_ATTEMPTS = 1_000;

    /** What the items keep on the heap, counting items being stored (reserved before making room). */
    private final AtomicLong indexBytes = new AtomicLong();
    // volatile: a resize lays them out again while lock-free readers run
    private volatile SlabClass[] classes;
    private volatile SlabPages pages;
    private volatile SlabPageMoves moves;

    /** For DS. */
    public SlabStore() {
    }

    /** For plain Java and tests. */
    public SlabStore(long capacityBytes) {
        init(capacityBytes);
    }

    @Activate
    void activate(BundleContext context, OffHeapStoreConfig config) {
        init(nodeCapacity(config.capacity_mb(), context));
    }

    @Deactivate
    void deactivate() {
        discardAll();
        releaseMemory();
    }

    /** Lays the store out again for the new budget, its items kept as far as they fit (see {@link #relayout}). */
    @Override
    protected void changeCapacity(long capacityBytes) {
        check(capacityBytes);
        relayout(capacityBytes, this::init);
    }

    private static void check(long capacityBytes) {
        if (capacityBytes < PAGE) {
            throw new IllegalArgumentException("a slab store needs at least one 1 MB page, got " + capacityBytes + " bytes");
        }
    }

    private void init(long capacityBytes) {
        check(capacityBytes);
        capacity = capacityBytes;
        pages = new SlabPages((int) (capacityBytes / PAGE));
        List<SlabClass> list = new ArrayList<>();
        int size = MIN_CHUNK;
        while (size < PAGE / 2) {
            list.add(new SlabClass(list.size(), size, PAGE));
            size = (int) Math.ceil(size * GROWTH / 8.0) * 8;
        }
        list.add(new SlabClass(list.size(), PAGE, PAGE));
        classes = list.toArray(new SlabClass[0]);
        moves = new SlabPageMoves(classes, pages, capacity, this::lastCas, this::evictedWithPage);
    }

    /** The size classes' chunk sizes, smallest first. */
    int[] chunkSizes() {
        int[] sizes = new int[classes.length];
        for (int i = 0; i < classes.length; i++) {
            sizes[i] = classes[i].chunkSize;
        }
        return sizes;
    }

    /** Off-heap memory taken: pages times their size. Never above the capacity. */
    public long reservedBytes() {
        return pages.reserved();
    }

    @Override
    public long heldBytes() {
        return pages.bytes() + indexBytes.get();
    }

    private boolean overBudget() {
        return pages.bytes() + indexBytes.get() > capacity;
    }

    private SlabClass classFor(int length) {
        int lo = 0;
        int hi = classes.length - 1;
        if (length > classes[hi].chunkSize) {
            return null;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (classes[mid].chunkSize >= length) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return classes[lo];
    }

    // ---- reads ------------------------------------------------------------------------------

    @Override
    protected StoreEntry lookup(String key) {
        while (true) {
            SlabItem it = index.get(key);
            if (it == null) {
                return null;
            }
            byte[] value = new byte[it.valueLength];
            try {
                MemorySegment.copy(it.page, ValueLayout.JAVA_BYTE, it.offset(), value, 0, value.length);
            } catch (IllegalStateException closed) {
                // the store released its memory under us: the item is gone
                if (index.get(key) == it) {
                    index.remove(key, it);
                }
                continue;
            }
            VarHandle.acquireFence();
            if (it.isFreed()) {
                if (index.remove(key, it)) {
                    return null;
                }
                continue; // the chunk may have been reused while copying: read again
            }
            if (!it.referenced) {
                it.referenced = true;
            }
            return new StoreEntry(key, value, it.flags, it.expiresAt, it.cas, it.storedAt);
        }
    }

    @Override
    protected StoreEntry copyOut(StoreEntry e) {
        return e; // lookup already copied the value off-heap into a fresh array
    }

    // ---- writes -----------------------------------------------------------------------------

    @Override
    protected void store(StoreEntry e) {
        byte[] value = e.value();
        SlabClass c = classFor(value.length);
        if (c == null) {
            throw new StoreFullException("value of " + value.length + " bytes is larger than a slab page ("
                    + PAGE + " bytes)");
        }
        long chunk = allocate(c, SlabItem.heapBytes(e.key()));
        int page = SlabClass.page(chunk);
        int slot = SlabClass.slot(chunk);
        MemorySegment memory = pages.memory(page);
        MemorySegment.copy(value, 0, memory, ValueLayout.JAVA_BYTE, (long) slot * c.chunkSize, value.length);
        SlabItem it = new SlabItem(e.key(), c, memory, page, slot, value.length, e.flags(), e.expiresAt(), e.cas(),
                e.storedAt());
        c.lock.lock();
        try {
            pages.occupy(it);
            c.linkHead(it);
        } finally {
            c.lock.unlock();
        }
        bytes.addAndGet(it.bytes());
        SlabItem old = index.put(e.key(), it);
        c.lock.lock();
        try {
            c.inFlight--; // published: from now on its page may be taken like any other
        } finally {
            c.lock.unlock();
        }
        if (old != null) {
            free(old);
        }
    }

    /**
     * A free chunk of the class, and room within the budget for what the item keeps on the heap.
     * Room is made under the class's lock, with other classes' locks only tried; a round that
     * found them all busy (or a store in flight on the page it wanted) lets go and tries again.
     */
    private long allocate(SlabClass c, long heapCost) {
        indexBytes.addAndGet(heapCost);
        for (int attempt = 0;; attempt++) {
            c.lock.lock();
            try {
                if (makeRoom(c)) {
                    c.inFlight++;
                    return c.popFree();
                }
            } finally {
                c.lock.unlock();
            }
            if (attempt == ROOM_ATTEMPTS) {
                indexBytes.addAndGet(-heapCost);
                throw new StoreFullException("out of memory storing an item of up to " + c.chunkSize
                        + " bytes: " + pages.allocated() + " pages in use and none could be freed");
            }
            Thread.yield();
        }
    }

    /**
     * Whether the class has a free chunk and the budget room for one more item, after freeing
     * what it could: a new page, an empty page from another class, a page of much older items,
     * the class's own least recently used item, a page when the class has none; or, when only
     * heap is short, an empty page given back or the oldest items evicted. Caller holds the
     * class lock.
     */
    private boolean makeRoom(SlabClass c) {
        while (!c.hasFree() || overBudget()) {
            boolean room = c.hasFree() ? moves.releaseEmptyPage(c) || evictForHeap(c)
                    : grabPage(c) || moves.takeEmptyPage(c) || moves.takeOldPage(c) || evict(c)
                            || moves.stealPage(c) || evictForHeap(c);
            if (!room) {
                return false;
            }
        }
        return true;
    }

    /** A fresh page for the class, while the budget allows. Caller holds the class lock. */
    private boolean grabPage(SlabClass c) {
        return pages.grab(c, capacity - indexBytes.get());
    }

    /**
     * Frees the class's least recently used item, giving items read since the scan last passed
     * them a second chance, and taking expired items first. Caller holds the class lock.
     */
    private boolean evict(SlabClass c) {
        long now = now();
        SlabItem victim = c.tail;
        int scanned = 0;
        while (victim != null) {
            SlabItem prev = victim.prev;
            boolean expired = victim.expiresAt != KeyValueStore.NEVER && now >= victim.expiresAt;
            if (!expired && victim.referenced && scanned++ < SECOND_CHANCE_SCAN) {
                victim.referenced = false;
                c.unlink(victim);
                c.linkHead(victim);
            } else if (index.remove(victim.key, victim)) {
                if (victim.markFreed()) {
                    unaccount(victim);
                }
                release(c, victim);
                if (expired) {
                    counters.reclaimed.increment();
                } else {
                    evicted(victim.key);
                }
                return true;
            }
            victim = prev;
        }
        return false;
    }

    /**
     * Frees heap for an item whose class has a chunk for it: evicts the class whose least
     * recently used item was stored first, so that after a change of item sizes the old sizes
     * go rather than the new items. Caller holds the class lock.
     */
    private boolean evictForHeap(SlabClass c) {
        SlabClass oldest = c;
        SlabItem own = c.tail;
        long since = own != null ? own.cas : Long.MAX_VALUE; // CAS uniques order stores, unlike clocks
        for (SlabClass d : classes) {
            SlabItem t = d.tail; // read without its lock: a hint, checked under the lock by evict
            if (t != null && t.cas < since) {
                oldest = d;
                since = t.cas;
            }
        }
        return oldest != c && tryEvict(oldest) || evict(c) || evictElsewhere(c);
    }

    /**
     * Evicts from the class holding the most items, else from any other that gives way, for a
     * store whose own class has nothing left to give while the heap part of the budget is spent.
     * Caller holds this class's lock; others' are only tried, so locks cannot deadlock.
     */
    private boolean evictElsewhere(SlabClass c) {
        SlabClass most = null;
        for (SlabClass d : classes) {
            if (d != c && d.items > 0 && (most == null || d.items > most.items)) {
                most = d;
            }
        }
        if (most != null && tryEvict(most)) {
            return true;
        }
        for (SlabClass d : classes) {
            if (d != c && d != most && d.items > 0 && tryEvict(d)) {
                return true;
            }
        }
        return false;
    }

    private boolean tryEvict(SlabClass d) {
        if (!d.lock.tryLock()) {
            return false;
        }
        try {
            return evict(d);
        } finally {
            d.lock.unlock();
        }
    }

    /** An item on a page another class takes: out of the index, evicted. Caller holds its class's lock. */
    private void evictedWithPage(SlabItem it) {
        boolean current = index.remove(it.key, it);
        if (it.markFreed()) {
            unaccount(it);
            if (current) {
                evicted(it.key);
            } else {
                counters.evictions.increment(); // a replaced item not freed yet: no key lost
            }
        }
    }

    private void unaccount(SlabItem it) {
        bytes.addAndGet(-it.bytes());
        indexBytes.addAndGet(-it.heapBytes());
    }

    /** Returns an item's chunk to its class. Caller holds the class lock. */
    private void release(SlabClass c, SlabItem it) {
        if (pages.vacate(it)) {
            c.unlink(it);
            c.pushFree(SlabClass.chunk(it.pageIndex, it.slot));
        }
    }

    private void free(SlabItem it) {
        if (!it.markFreed()) {
            return;
        }
        unaccount(it);
        SlabClass c = it.cls;
        c.lock.lock();
        try {
            release(c, it);
        } finally {
            c.lock.unlock();
        }
    }

    @Override
    protected void updateExpiry(StoreEntry entry, long expiresAt) {
        SlabItem it = index.get(entry.key());
        if (it != null) {
            it.expiresAt = expiresAt;
        }
    }

    @Override
    protected boolean discard(String key) {
        SlabItem it = index.remove(key);
        if (it == null) {
            return false;
        }
        free(it);
        return true;
    }

    @Override
    protected void discardAll() {
        for (var e : index.entrySet()) {
            if (index.remove(e.getKey(), e.getValue())) {
                free(e.getValue());
            }
        }
    }

    /** Gives the pages back; readers still holding an item see it gone. */
    @Override
    protected void releaseMemory() {
        for (SlabClass c : classes) {
            c.lock.lock();
        }
        try {
            for (SlabClass c : classes) {
                c.reset();
            }
            pages.releaseAll();
        } finally {
            for (int i = classes.length - 1; i >= 0; i--) {
                classes[i].lock.unlock();
            }
        }
    }
}
