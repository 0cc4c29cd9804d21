package org.mlos.mem.store.slab;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import org.mlos.mem.store.ItemCost;

/**
 * The slab store's pages: their memory, the class each belongs to, the items on each. Every page
 * is an arena of its own, so that an empty one can be given back by itself. A page changes hands
 * under this object's monitor with its class locked (and the receiving class's); its slots are
 * guarded by its class's lock, so a thread holding a class's lock sees that class's pages stay put.
 */
final class SlabPages {

    static final int PAGE = 1 << 20;

    private final int maxPages;
    private final Arena[] arenas;
    private final MemorySegment[] memory;
    private final SlabClass[] owner;
    private final SlabItem[][] occupants;
    private final int[] items;
    private int allocated;
    /** The pages and their occupant arrays; written under the monitor, read without it by every store. */
    private volatile long bytes;

    SlabPages(int maxPages) {
        this.maxPages = maxPages;
        arenas = new Arena[maxPages];
        memory = new MemorySegment[maxPages];
        owner = new SlabClass[maxPages];
        occupants = new SlabItem[maxPages][];
        items = new int[maxPages];
    }

    /** A page as held for a class: its memory and its array of occupants, 4 bytes a chunk. */
    static long cost(SlabClass c) {
        return PAGE + ItemCost.padded(16 + 4L * c.perPage);
    }

    /** What the pages hold: their memory and their occupant arrays. */
    long bytes() {
        return bytes;
    }

    /** Off-heap memory taken: pages times their size. */
    synchronized long reserved() {
        return (long) allocated * PAGE;
    }

    synchronized int allocated() {
        return allocated;
    }

    /** Whether the pages alone stay within a budget when one moves between classes. */
    boolean fitMove(SlabClass from, SlabClass to, long budget) {
        return bytes - cost(from) + cost(to) <= budget;
    }

    /** A new page for the class if one more fits in {@code room} bytes. Caller holds the class lock. */
    synchronized boolean grab(SlabClass c, long room) {
        if (allocated == maxPages || bytes + cost(c) > room) {
            return false;
        }
        int page = 0;
        while (memory[page] != null) {
            page++; // a slot given back earlier, or the next one
        }
        arenas[page] = Arena.ofShared();
        memory[page] = arenas[page].allocate(PAGE, 64);
        allocated++;
        assign(page, c);
        return true;
    }

    /** Valid while the caller holds a chunk of the page, or its class's lock. */
    MemorySegment memory(int page) {
        return memory[page];
    }

    /** Puts an item in its slot. Caller holds the item's class lock. */
    void occupy(SlabItem it) {
        occupants[it.pageIndex][it.slot] = it;
        if (items[it.pageIndex]++ == 0) {
            it.cls.emptyPages--;
        }
    }

    /**
     * Takes an item out of its slot; false if it no longer holds it: an item freed while its page
     * moved to another class (whose slots may be fewer) or was given back. Caller holds the
     * item's class lock.
     */
    boolean vacate(SlabItem it) {
        SlabItem[] slots = occupants[it.pageIndex];
        if (slots == null || it.slot >= slots.length || slots[it.slot] != it) {
            return false;
        }
        slots[it.slot] = null;
        if (--items[it.pageIndex] == 0) {
            it.cls.emptyPages++;
        }
        return true;
    }

    /** A page of the class with no item on it, or -1. Caller holds the class lock. */
    synchronized int emptyPageOf(SlabClass c) {
        for (int p = 0; p < maxPages; p++) {
            if (owner[p] == c && items[p] == 0) {
                return p;
            }
        }
        return -1;
    }

    /** The class's page with the fewest items, or -1. Caller holds the class lock. */
    synchronized int sparsestPageOf(SlabClass c) {
        int page = -1;
        for (int p = 0; p < maxPages; p++) {
            if (owner[p] == c && (page < 0 || items[p] < items[page])) {
                page = p;
            }
        }
        return page;
    }

    /** The page's slots. Caller holds the lock of the page's class. */
    SlabItem[] occupants(int page) {
        return occupants[page];
    }

    /** Gives a page whose items are all freed to another class. Caller holds both classes' locks. */
    synchronized void move(int page, SlabClass from, SlabClass to) {
        leave(page, from);
        assign(page, to);
    }

    /**
     * Gives an empty page's memory back. Caller holds its class's lock. Readers still holding an
     * item of the page find its memory closed and read again.
     */
    synchronized void release(int page, SlabClass from) {
        leave(page, from);
        arenas[page].close();
        arenas[page] = null;
        memory[page] = null;
        owner[page] = null;
        occupants[page] = null;
        allocated--;
    }

    /** Gives every page back. Caller holds every class's lock. */
    synchronized void releaseAll() {
        for (int p = 0; p < maxPages; p++) {
            if (arenas[p] != null) {
                arenas[p].close();
            }
            arenas[p] = null;
            memory[p] = null;
            owner[p] = null;
            occupants[p] = null;
            items[p] = 0;
        }
        allocated = 0;
        bytes = 0;
    }

    private void leave(int page, SlabClass from) {
        if (items[page] == 0) {
            from.emptyPages--;
        }
        from.dropFreeOf(page);
        from.pages--;
        bytes -= cost(from);
    }

    private void assign(int page, SlabClass c) {
        owner[page] = c;
        occupants[page] = new SlabItem[c.perPage];
        items[page] = 0;
        bytes += cost(c);
        c.pages++;
        c.emptyPages++;
        for (int slot = c.perPage - 1; slot >= 0; slot--) {
            c.pushFree(SlabClass.chunk(page, slot));
        }
    }
}
