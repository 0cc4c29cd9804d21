package org.mlos.mem.store.slab;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.mlos.mem.api.StoreFullException;

/**
 * A slab store's memory laid out for one budget: its size classes and pages, and how a class
 * makes room for an item: a chunk from its free stack, a new page while the budget allows, an
 * empty page of another class, a page of a class whose items are much older (memcached's
 * automove), its own CLOCK eviction, or, for a class with no page at all, a page of the class
 * holding the most. Eviction and page moves hold the class's lock and only try another class's,
 * so two classes making room cannot deadlock; the index's locks are taken under them. A chunk is
 * freed only claimed ({@link Chunk#claim}), since its key's writer may be replacing the item in
 * place without a class lock.
 */
final class SlabRoom {

    static final int MIN_CHUNK = 64;
    static final double GROWTH = 1.25;
    /** Items read since the hand last passed them that one eviction passes over before it evicts regardless. */
    static final int SECOND_CHANCE_SCAN = 256;
    /** How much older another class's next victim must be before a class out of chunks takes its page. */
    static final int MOVE_AGE_RATIO = 2;
    /** Rounds of making room before an item is refused: only contention makes more than one. */
    static final int ROOM_ATTEMPTS = 1_000;

    /** What eviction needs of the store: its clock, liveness, and its counters and listener. */
    interface Owner {
        long now();

        /** Whether an item is dead at {@code now} (expired or flushed): reclaimed, not evicted. */
        boolean dead(MemorySegment m, long off, long now);

        /** The newest CAS unique: ages are counted in store operations. */
        long casClock();

        void tellEvicted(String key);

        void reclaimed();
    }

    /**
     * The page table has room for this many times the starting budget's pages (at least
     * {@value #MIN_PAGE_ROOM}), so that a budget raised that far takes effect in place: a slot is
     * 28 bytes of heap, the memory behind it is only taken as items arrive.
     */
    static final int GROWTH_ROOM = 4;
    static final int MIN_PAGE_ROOM = 1024;
    /** Pages given back in place whose memory is closed together: 64 MB returned to the system at a time. */
    private static final int CLOSE_BATCH = 64;
    /** Items up to this many bytes find their class in {@link #smallClass}. */
    private static final int SMALL = 16 << 10;

    /** The budget: lowered or raised in place ({@link #rebudget}) up to what {@link #pages} has room for ({@link #pageRoom}). */
    volatile long capacity;
    final SlabClass[] classes;
    /** Per 8 bytes of item size up to {@link #SMALL}, the index of the smallest class that holds it. */
    private final byte[] smallClass;
    final SlabPages pages;
    private final SlabIndex index;
    private final Owner owner;

    SlabRoom(long capacity, SlabIndex index, Owner owner) {
        if (capacity < SlabPages.PAGE) {
            throw new IllegalArgumentException("a slab store needs at least one page of 1 MB + 4 KB (" + SlabPages.PAGE
                    + " bytes), got " + capacity + " bytes");
        }
        this.capacity = capacity;
        this.index = index;
        this.owner = owner;
        pages = new SlabPages(pageRoom(capacity));
        List<SlabClass> list = new ArrayList<>();
        int size = MIN_CHUNK;
        while (size < SlabPages.PAGE / 2) {
            list.add(new SlabClass(list.size(), size, SlabPages.PAGE));
            size = (int) Math.ceil(size * GROWTH / 8.0) * 8;
        }
        list.add(new SlabClass(list.size(), SlabPages.PAGE, SlabPages.PAGE));
        classes = list.toArray(new SlabClass[0]);
        smallClass = new byte[SMALL / 8 + 1];
        for (int eighths = 0; eighths < smallClass.length; eighths++) {
            smallClass[eighths] = (byte) searchClass(eighths * 8L).id;
        }
    }

    /** The page table's room for a starting budget: {@link #GROWTH_ROOM} times its pages, within what chunk references address. */
    static int pageRoom(long capacity) {
        long pages = capacity / SlabPages.PAGE;
        if (pages > SlabPages.MAX_PAGES) {
            throw new IllegalArgumentException("a slab store holds at most " + SlabPages.MAX_MB + " MB (" + SlabPages.MAX_PAGES
                    + " pages of 1 MB + 4 KB), asked for " + (capacity >> 20) + " MB: give it less (-m, cache_memlimit, "
                    + "mlos.mem.store.capacity.mb, or its configuration's capacity.mb), or take the log or heap store for more");
        }
        return (int) Math.min(SlabPages.MAX_PAGES, Math.max(MIN_PAGE_ROOM, pages * GROWTH_ROOM));
    }

    /** The smallest class whose chunks hold {@code bytes}, or null if none does. */
    SlabClass classFor(long bytes) {
        if (bytes <= SMALL) {
            return classes[smallClass[(int) (bytes + 7) >>> 3]]; // every set asks: a look-up, not a search
        }
        return searchClass(bytes);
    }

    private SlabClass searchClass(long bytes) {
        int lo = 0;
        int hi = classes.length - 1;
        if (bytes > classes[hi].chunkSize) {
            return null;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (classes[mid].chunkSize >= bytes) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return classes[lo];
    }

    /** Bytes the items take: their chunks and an index slot at the index's mean load. */
    long itemBytes() {
        long n = 0;
        for (SlabClass c : classes) {
            n += c.items * (c.chunkSize + 16L);
        }
        return n;
    }

    /**
     * A free chunk of the class, in flight until {@link #published}: its page stays put meanwhile.
     * Room is made under the class's lock, with other classes' locks only tried; a round that
     * found them busy lets go and tries again.
     */
    int allocate(SlabClass c) {
        for (int attempt = 0;; attempt++) {
            c.lock.lock();
            try {
                if (makeRoom(c)) {
                    int ref = c.popFree();
                    pages.use(SlabClass.page(ref));
                    c.items++;
                    return ref;
                }
            } finally {
                c.lock.unlock();
            }
            if (attempt == ROOM_ATTEMPTS) {
                throw new StoreFullException("out of memory storing an item of up to " + c.chunkSize + " bytes: "
                        + pages.allocated() + " pages in use and none could be freed");
            }
            pause(attempt);
        }
    }

    /**
     * Waits a little before attempt {@code attempt + 1} at room that stores in flight hold: spins,
     * then yields, then parks up to a millisecond, so that the {@value #ROOM_ATTEMPTS} attempts
     * outlast a writer descheduled mid-store (up to about a second in all). Tight retries alone ran
     * out within microseconds on a loaded machine: a shrink under four writers failed, "every page
     * has a store in flight" (StoreResizeTest in CI).
     */
    static void pause(int attempt) {
        if (attempt < 16) {
            Thread.onSpinWait();
        } else if (attempt < 64) {
            Thread.yield();
        } else {
            java.util.concurrent.locks.LockSupport.parkNanos(Math.min(1_000_000L, 10_000L << Math.min(7, (attempt - 64) / 16)));
        }
    }

    /** An allocated chunk's item is in the index: its page may move again. Takes no lock. */
    void published(int ref) {
        pages.landed(SlabClass.page(ref));
    }

    /**
     * Frees a chunk out of the index. Caller holds its class's lock, and has claimed the chunk or
     * holds its key's stripe lock (the only writer that claims without the class lock).
     */
    void free(SlabClass c, int ref) {
        int page = SlabClass.page(ref);
        Chunk.clear(pages.memory(page), c.offset(SlabClass.slot(ref)));
        pages.unuse(page);
        c.pushFree(ref);
        c.items--;
    }

    private boolean makeRoom(SlabClass c) {
        while (!c.hasFree()) {
            if (!(pages.grab(c, capacity) || takeEmptyPage(c) || takeOldPage(c) || evict(c) || stealPage(c))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Frees the chunk under the class's CLOCK hand: a dead item at once, an item read since the
     * hand last passed gets a second chance (its mark cleared), the first other is evicted. Caller
     * holds the class lock.
     */
    boolean evict(SlabClass c) {
        long steps = 2L * c.pages() * c.perPage + 1;
        long now = owner.now();
        int passed = 0;
        for (long step = 0; step < steps; step++) {
            int ref = c.advanceHand();
            if (ref < 0) {
                return false;
            }
            MemorySegment m = pages.memory(SlabClass.page(ref));
            long off = c.offset(SlabClass.slot(ref));
            long stamp = Chunk.stamp(m, off);
            if (stamp == 0 || stamp == Chunk.BUSY) {
                continue; // free, being stored, or being replaced in place
            }
            boolean dead = owner.dead(m, off, now); // read unclaimed: the claim below confirms the item did not change
            if (!dead && pages.takeMark(SlabClass.page(ref), SlabClass.slot(ref)) && passed++ < SECOND_CHANCE_SCAN) {
                continue;
            }
            if (!Chunk.claim(m, off, stamp)) {
                continue; // replaced in place meanwhile: a new item
            }
            if (!index.remove(Chunk.hash(m, off), ref)) {
                Chunk.publish(m, off, stamp); // stored, not yet in the index: let it be
                continue;
            }
            free(c, ref); // first, so that nothing that may throw (the key's String) runs while it is claimed
            // the bytes stay until the chunk is reused, which needs this class's lock, or moves, which needs it too
            String key = dead ? null : Keys.read(m, off, c.chunkSize);
            if (dead) {
                owner.reclaimed();
            } else {
                owner.tellEvicted(key);
            }
            return true;
        }
        return false;
    }

    /** Moves a page none of whose chunks is in use from another class, within the budget. */
    private boolean takeEmptyPage(SlabClass c) {
        for (SlabClass d : classes) {
            if (d == c || d.pages() == 0 || d.items >= (long) d.pages() * d.perPage || !pages.fitMove(d, c, capacity)
                    || !d.lock.tryLock()) {
                continue; // hints read without d's lock, checked again under it
            }
            try {
                int page = pages.emptyPageOf(d);
                if (page >= 0) {
                    pages.move(page, d, c);
                    return true;
                }
            } finally {
                d.lock.unlock();
            }
        }
        return false;
    }

    /**
     * Takes a page, evicting what it holds, from a class whose next victim is more than
     * {@value #MOVE_AGE_RATIO} times as old as this class's, ages counted in store operations:
     * after item sizes change the pages follow the new items, while classes of like age keep
     * theirs, so that a steady mix does not pass pages to and fro. Caller holds the class lock.
     */
    private boolean takeOldPage(SlabClass c) {
        long own = handStamp(c);
        if (own == 0) {
            return false;
        }
        long now = owner.casClock();
        long before = now - MOVE_AGE_RATIO * (now - own);
        SlabClass donor = null;
        for (SlabClass d : classes) {
            long t = d == c ? 0 : handStamp(d); // read without d's lock: a hint
            if (t != 0 && t < before) {
                donor = d;
                before = t;
            }
        }
        return donor != null && pages.fitMove(donor, c, capacity) && takePage(c, donor);
    }

    /** The CAS unique of the item under a class's hand (its next victim), 0 if none is. */
    private long handStamp(SlabClass d) {
        int ref = d.peekHand();
        if (ref < 0) {
            return 0;
        }
        MemorySegment m = pages.memory(SlabClass.page(ref));
        long stamp;
        try {
            stamp = m == null ? 0 : Chunk.stamp(m, d.offset(SlabClass.slot(ref)));
        } catch (IllegalStateException givenBack) {
            return 0; // read without d's lock: its page was given back meanwhile (a shrink)
        }
        return stamp == Chunk.BUSY ? 0 : stamp;
    }

    /** A page for a class that has none, from the class holding the most that gives way. Caller holds the class lock. */
    private boolean stealPage(SlabClass c) {
        if (c.pages() > 0) {
            return false;
        }
        // Page counts are hints read without the classes' locks, so they are taken once, then
        // sorted: a comparator reading them live saw them change mid-sort, and TimSort threw
        // "Comparison method violates its general contract" out of a set
        long[] byPages = new long[classes.length];
        for (int i = 0; i < classes.length; i++) {
            byPages[i] = (long) classes[i].pages() << 32 | i;
        }
        java.util.Arrays.sort(byPages);
        for (int i = byPages.length - 1; i >= 0; i--) {
            SlabClass d = classes[(int) byPages[i]];
            if (d != c && d.pages() > 0 && takePage(c, d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves the donor's page with the fewest items to this class, evicting them. Never a page
     * with a store in flight. Caller holds this class's lock; the donor's is only tried.
     */
    private boolean takePage(SlabClass c, SlabClass donor) {
        if (!donor.lock.tryLock()) {
            return false;
        }
        try {
            int page = pages.sparsestPageOf(donor);
            if (page < 0) {
                return false;
            }
            empty(donor, page);
            pages.move(page, donor, c);
            return true;
        } finally {
            donor.lock.unlock();
        }
    }

    /**
     * Evicts every item of a page with no store in flight, each told to the owner (reclaimed if
     * dead). Caller holds the page's class's lock.
     */
    private void empty(SlabClass donor, int page) {
        MemorySegment m = pages.memory(page);
        for (int slot = 0; slot < donor.perPage; slot++) {
            long off = donor.offset(slot);
            if (Chunk.claimLive(m, off) == 0) {
                continue; // free (a replace in place is waited out: it holds no lock to wait for)
            }
            int ref = SlabClass.ref(page, slot);
            // in the index for sure: replacements and deletes free under this lock, and no store is in flight
            boolean indexed = index.remove(Chunk.hash(m, off), ref);
            free(donor, ref); // first, as in evict: its bytes stay while we hold the donor's lock
            String key = Keys.read(m, off, donor.chunkSize);
            boolean dead = owner.dead(m, off, owner.now());
            if (indexed && dead) {
                owner.reclaimed();
            } else if (indexed) {
                owner.tellEvicted(key);
            }
        }
    }

    /**
     * Changes the budget in place, for a budget within the pages laid out ({@link SlabPages#maxPages}):
     * a higher one takes effect at once; under a lower one no page is taken any more, and pages
     * are given back, each emptied of its items, until what is held fits. Each page is emptied
     * under its class's lock alone: the other classes serve meanwhile, and readers of the page's
     * items miss them. The page given back is an empty one or the one the CLOCK hand reaches first,
     * of the class whose next victim is oldest (as when a class takes another's page): the oldest items
     * go first, at a page's grain. The memory of the pages given back goes to
     * {@code closeWithWritersHeld}, {@value #CLOSE_BATCH} pages at a time, to be closed once no
     * writer can be inside it (see {@link SlabPages#giveBack}).
     */
    void rebudget(long budget, Consumer<List<Arena>> closeWithWritersHeld) {
        capacity = budget;
        List<Arena> given = new ArrayList<>();
        // Failures in a row, not iterations: a shrink gives back a page an iteration, and one that
        // gave back a thousand pages failed at its first page in flight after them.
        for (int attempt = 0; !pages.fit(capacity);) {
            Arena arena = giveBackOnePage();
            if (arena != null) {
                attempt = 0;
                given.add(arena);
                if (given.size() == CLOSE_BATCH) {
                    closeWithWritersHeld.accept(List.copyOf(given));
                    given.clear();
                }
            } else if (attempt > ROOM_ATTEMPTS) {
                closeWithWritersHeld.accept(given);
                throw new IllegalStateException("a slab store could not give back pages to fit " + budget
                        + " bytes: every page has a store in flight");
            } else {
                pause(attempt++);
            }
        }
        closeWithWritersHeld.accept(given);
        index.shrinkToFit();
    }

    /**
     * An empty page of the class, else the one whose items its CLOCK hand reaches first (its
     * oldest), else its sparsest; never one with a store in flight; -1 if every page has one. Caller
     * holds the class's lock.
     */
    private int pageToGiveBack(SlabClass c) {
        int page = pages.emptyPageOf(c);
        if (page >= 0) {
            return page;
        }
        int oldest = c.oldestPage();
        if (oldest >= 0 && !pages.inFlight(oldest)) {
            return oldest;
        }
        return pages.sparsestPageOf(c);
    }

    /** A page given back, its memory still open (see {@link SlabPages#giveBack}), or null if none could be. */
    private Arena giveBackOnePage() {
        SlabClass donor = null;
        long oldest = Long.MAX_VALUE;
        for (SlabClass d : classes) {
            if (d.pages() == 0) {
                continue;
            }
            long t = handStamp(d); // a hint, read without d's lock
            long age = t == 0 ? Long.MIN_VALUE : t; // a class whose hand meets no item gives first
            if (donor == null || age < oldest) {
                donor = d;
                oldest = age;
            }
        }
        if (donor == null) {
            return null;
        }
        // the lock is not fair: taken again at once, page after page, it kept a writer of the
        // class waiting for the whole shrink (434 ms in mlos bench resize): writers waiting go first
        for (int i = 0; i < 1_000 && donor.lock.hasQueuedThreads(); i++) {
            Thread.yield();
        }
        donor.lock.lock();
        try {
            int page = donor.pages() == 0 ? -1 : pageToGiveBack(donor);
            if (page < 0) {
                Thread.yield(); // its pages have stores in flight, or it gave its last away meanwhile
                return null;
            }
            empty(donor, page);
            return pages.giveBack(page, donor);
        } finally {
            donor.lock.unlock();
        }
    }

    /** Holds every class's lock while {@code action} runs. */
    void lockAll(Runnable action) {
        for (SlabClass c : classes) {
            c.lock.lock();
        }
        try {
            action.run();
        } finally {
            for (int i = classes.length - 1; i >= 0; i--) {
                classes[i].lock.unlock();
            }
        }
    }

    /** Gives every page back. */
    void release() {
        lockAll(() -> {
            for (SlabClass c : classes) {
                c.reset();
            }
            pages.releaseAll();
        });
    }
}
