package org.mlos.mem.store.slab;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The slab store's pages: their memory, the class each belongs to, how many of its chunks are in
 * use. Every page is an arena of its own, taken when a class first needs it, so that memory is
 * touched only as items arrive; a page goes back to the system emptied when the budget is lowered
 * in place, and all of them together when the store lays itself out anew or its state moved away. A page changes hands under
 * this object's monitor with its class locked (and the receiving class's); its use count is
 * guarded by its class's lock.
 */
final class SlabPages {

    /**
     * 1 MB and 4 KB: the largest class's chunk is a page, and holds a 1 MB value (memcached's
     * default item limit) with its header and a key of up to 4,056 bytes.
     */
    static final int PAGE = (1 << 20) + (4 << 10);
    /**
     * Index room a page's chunks may need, reserved in the budget when the page is taken: 8 bytes
     * a slot at a load between 3/8 and 3/4 (the index doubles at 3/4) is 11 to 21 bytes an item.
     */
    static final int INDEX_PER_CHUNK = 21;
    /** The index's tables when empty (16 bytes each: malloc's header), and the read marks' array headers. */
    static final int INDEX_BASE = SlabIndex.SEGMENTS * (16 + 8 * SlabIndex.INITIAL) + (16 << 10);
    /** Chunk references carry the page in their upper bits. */
    static final int MAX_PAGES = 1 << (31 - SlabClass.SLOT_BITS);
    /** The largest budget a slab store takes, in MB: just short of {@code MAX_PAGES + 1} pages. */
    static final long MAX_MB = (((long) MAX_PAGES + 1) * PAGE - 1) >> 20;

    private final int maxPages;
    private final Arena[] arenas;
    private final MemorySegment[] memory;
    private final SlabClass[] owner;
    private final int[] used;
    /**
     * Chunks of a page handed out whose item is not yet in the index: the page stays put meanwhile.
     * Raised under the class lock, lowered without it ({@link #landed}), so changed atomically:
     * a count read under the lock can only be too high, which keeps a page put a moment longer.
     */
    private final int[] inFlight;
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(int[].class);
    /** Per page, a bit a chunk: read since the CLOCK hand last passed (racy bits: a lost one changes one choice). */
    private final long[][] marks;
    /**
     * Per page, how often it moved to another class, raised before it is carved anew: a lock-free
     * reader or claimer that read a chunk's stamp and key at one carving's offset checks the page
     * did not move meanwhile, since at another carving those bytes may lie inside another item.
     */
    private final int[] moves;
    private int allocated;
    /** Chunks of all pages: what the index may have to hold. */
    private long chunks;

    SlabPages(int maxPages) {
        if (maxPages > MAX_PAGES) {
            throw new IllegalArgumentException("a slab store holds at most " + MAX_PAGES + " pages of 1 MB, asked for "
                    + maxPages);
        }
        this.maxPages = maxPages;
        arenas = new Arena[maxPages];
        memory = new MemorySegment[maxPages];
        owner = new SlabClass[maxPages];
        used = new int[maxPages];
        inFlight = new int[maxPages];
        marks = new long[maxPages][];
        moves = new int[maxPages];
    }

    /** The read marks' bitmaps, on the heap: a bit a chunk. */
    synchronized long markBytes() {
        return (chunks + 63) / 64 * 8 + 16L * allocated;
    }

    /** Off-heap memory taken: pages times their size. */
    synchronized long reserved() {
        return (long) allocated * PAGE;
    }

    synchronized int allocated() {
        return allocated;
    }

    /**
     * What the pages, the index room for their chunks and their read marks (a bit a chunk, counted
     * as a byte) take of a budget, with one more page of {@code c}.
     */
    private long withPageOf(SlabClass c) {
        return (allocated + 1L) * PAGE + INDEX_BASE + (INDEX_PER_CHUNK + 1) * (chunks + c.perPage);
    }

    /**
     * Whether a page may change class within the budget: the index room of the receiving class's
     * chunks must fit too.
     */
    synchronized boolean fitMove(SlabClass from, SlabClass to, long budget) {
        return (long) allocated * PAGE + INDEX_BASE + (INDEX_PER_CHUNK + 1) * (chunks - from.perPage + to.perPage)
                <= budget;
    }

    /**
     * A new page for the class if it fits the budget with the index room of its chunks; a store's
     * first page is always taken (a store of one page has nothing to evict for its index). Caller
     * holds the class lock.
     */
    synchronized boolean grab(SlabClass c, long budget) {
        if (allocated == maxPages || allocated > 0 && withPageOf(c) > budget) {
            return false;
        }
        int page = 0;
        while (memory[page] != null) {
            page++; // a slot given back earlier, or the next one
        }
        arenas[page] = Arena.ofShared();
        memory[page] = arenas[page].allocate(PAGE, 64); // zeroed: every chunk's stamp says free
        allocated++;
        assign(page, c);
        return true;
    }

    /** How often the page moved to another class ({@link #moves}); 0 for a reference naming no page now. */
    int moves(int page) {
        return page < maxPages ? (int) COUNT.getAcquire(moves, page) : 0;
    }

    /** A page's memory; null once given back. Valid while the caller holds a chunk of the page or its class's lock. */
    MemorySegment memory(int page) {
        return page < maxPages ? memory[page] : null; // a reference read before a resize may name no page now
    }

    /** The class a page belongs to now; read without a lock it is a hint, checked under that class's lock. */
    SlabClass owner(int page) {
        return page < maxPages ? owner[page] : null;
    }

    /**
     * The class that carves the chunk {@code ref} names now, or null if the reference names no
     * chunk now (its page given back, or moved to a class that carves it otherwise). Read without
     * a lock: callers validate what they read from the chunk.
     */
    SlabClass carving(int ref) {
        int page = SlabClass.page(ref);
        SlabClass c = owner(page);
        return c == null || memory(page) == null || SlabClass.slot(ref) >= c.perPage ? null : c;
    }

    /** A chunk of the page goes into use, in flight until {@link #landed}. Caller holds the page's class lock. */
    void use(int page) {
        used[page]++;
        COUNT.getAndAdd(inFlight, page, 1);
    }

    /** A chunk handed out is in the index now (or given up). No lock: the page cannot move before this. */
    void landed(int page) {
        COUNT.getAndAdd(inFlight, page, -1);
    }

    boolean inFlight(int page) {
        return (int) COUNT.getVolatile(inFlight, page) != 0;
    }

    /** Marks a chunk read. No lock: called by readers; a reference read before a resize may name no page now. */
    void mark(int page, int slot) {
        long[] m = page < maxPages ? marks[page] : null;
        if (m != null && (slot >>> 6) < m.length && (m[slot >>> 6] & (1L << slot)) == 0) {
            m[slot >>> 6] |= 1L << slot;
        }
    }

    /** Whether a chunk was read since the hand passed; clears the mark. Caller holds the page's class lock. */
    boolean takeMark(int page, int slot) {
        long[] m = marks[page];
        long bit = 1L << slot;
        if ((m[slot >>> 6] & bit) == 0) {
            return false;
        }
        m[slot >>> 6] &= ~bit;
        return true;
    }

    /** A chunk of the page is free again. Caller holds the page's class lock. */
    void unuse(int page) {
        used[page]--;
    }

    /** A page of the class with no chunk in use or in flight, or -1. Caller holds the class lock. */
    int emptyPageOf(SlabClass c) {
        for (int i = 0, n = c.pages(); i < n; i++) {
            if (used[c.pageAt(i)] == 0 && !inFlight(c.pageAt(i))) {
                return c.pageAt(i);
            }
        }
        return -1;
    }

    /** The class's page with the fewest chunks in use and none in flight, or -1. Caller holds the class lock. */
    int sparsestPageOf(SlabClass c) {
        int page = -1;
        for (int i = 0, n = c.pages(); i < n; i++) {
            int p = c.pageAt(i);
            if (!inFlight(p) && (page < 0 || used[p] < used[page])) {
                page = p;
            }
        }
        return page;
    }

    /**
     * Moves a page none of whose chunks is in use to another class, carved for its chunk size.
     * Caller holds both classes' locks.
     */
    synchronized void move(int page, SlabClass from, SlabClass to) {
        COUNT.getAndAdd(moves, page, 1); // first: see moves
        from.removePage(page);
        chunks -= from.perPage;
        MemorySegment m = memory[page];
        for (int slot = 0; slot < to.perPage; slot++) {
            Chunk.clear(m, to.offset(slot)); // old items' bytes lie where the new chunks' stamps go
        }
        assign(page, to);
    }

    /** The pages this layout has room for: what its budget may rise to in place. */
    int maxPages() {
        return maxPages;
    }

    /** Whether the pages, the index room for their chunks and their read marks fit a budget (one page always does). */
    synchronized boolean fit(long budget) {
        return allocated <= 1 || (long) allocated * PAGE + INDEX_BASE + (INDEX_PER_CHUNK + 1) * chunks <= budget;
    }

    /**
     * Takes a page none of whose chunks is in use or in flight out of the store (a budget lowered
     * in place); its slot may be taken again by {@link #grab}. Returns its memory, still open: the
     * caller closes it once no writer can be inside it (writers probe chunks of any class under
     * their key's lock alone, and a closed page would fail their set). Caller holds its class's lock.
     */
    synchronized Arena giveBack(int page, SlabClass from) {
        COUNT.getAndAdd(moves, page, 1); // first, as in move: a reader that read a chunk of it sees it changed
        from.removePage(page);
        chunks -= from.perPage;
        allocated--;
        return forget(page);
    }

    /** Gives every page back. Caller holds every class's lock, and every writer is held. */
    synchronized void releaseAll() {
        for (int p = 0; p < maxPages; p++) {
            Arena arena = forget(p);
            if (arena != null) {
                arena.close(); // readers still in it get IllegalStateException, and look again
            }
        }
        allocated = 0;
        chunks = 0;
    }

    /** Clears a page's slot; returns its memory (null if it had none), not closed. */
    private Arena forget(int page) {
        Arena arena = arenas[page];
        arenas[page] = null;
        memory[page] = null;
        owner[page] = null;
        used[page] = 0;
        inFlight[page] = 0;
        marks[page] = null;
        return arena;
    }

    private void assign(int page, SlabClass c) {
        owner[page] = c;
        used[page] = 0;
        inFlight[page] = 0;
        marks[page] = new long[(c.perPage + 63) >>> 6];
        chunks += c.perPage;
        c.addPage(page);
    }
}
