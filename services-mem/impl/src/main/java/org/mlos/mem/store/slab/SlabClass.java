package org.mlos.mem.store.slab;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One size class: chunks of one size carved from the pages assigned to it, a stack of free
 * chunks, and the hand of its CLOCK (a position over its pages' chunks, in page order). Guarded
 * by {@link #lock}, except the figures read as hints by other classes.
 */
final class SlabClass {

    /** Bits of a chunk reference that name the slot: a page of 64-byte chunks holds 16,448. */
    static final int SLOT_BITS = 15;

    final ReentrantLock lock = new ReentrantLock();
    final int id;
    final int chunkSize;
    final int perPage;
    private int[] free = new int[64];
    private int freeCount;
    /** The class's pages, in the order the CLOCK hand passes them. */
    private int[] pageList = new int[8];
    private volatile int pageCount;
    private int handPage;
    private int handSlot;
    /** Chunks in use (items, and items being stored); read without the lock as a hint. */
    volatile long items;

    SlabClass(int id, int chunkSize, int pageSize) {
        this.id = id;
        this.chunkSize = chunkSize;
        this.perPage = pageSize / chunkSize;
    }

    static int ref(int page, int slot) {
        return (page << SLOT_BITS) | slot;
    }

    static int page(int ref) {
        return ref >>> SLOT_BITS;
    }

    static int slot(int ref) {
        return ref & ((1 << SLOT_BITS) - 1);
    }

    long offset(int slot) {
        return (long) slot * chunkSize;
    }

    int pages() {
        return pageCount;
    }

    int pageAt(int i) {
        return pageList[i];
    }

    void pushFree(int ref) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = ref;
    }

    boolean hasFree() {
        return freeCount > 0;
    }

    int popFree() {
        return free[--freeCount];
    }

    /** Takes a page on: its chunks become free, the lowest handed out first. */
    void addPage(int page) {
        if (pageCount == pageList.length) {
            pageList = Arrays.copyOf(pageList, pageCount * 2);
        }
        pageList[pageCount++] = page;
        for (int slot = perPage - 1; slot >= 0; slot--) {
            pushFree(ref(page, slot));
        }
    }

    /** Lets a page go (it moves to another class or back to the system): its free chunks leave the stack. */
    void removePage(int page) {
        int n = 0;
        for (int i = 0; i < freeCount; i++) {
            if (page(free[i]) != page) {
                free[n++] = free[i];
            }
        }
        freeCount = n;
        int at = 0;
        while (pageList[at] != page) {
            at++;
        }
        System.arraycopy(pageList, at + 1, pageList, at, pageCount - at - 1);
        pageCount--;
        if (handPage > at) {
            handPage--;
        } else if (handPage == at) {
            handSlot = 0;
        }
        if (handPage >= pageCount) {
            handPage = 0;
            handSlot = 0;
        }
    }

    /** The chunk under the CLOCK hand, which then moves on; -1 if the class has no page. */
    int advanceHand() {
        if (pageCount == 0) {
            return -1;
        }
        int ref = ref(pageList[handPage], handSlot);
        if (++handSlot == perPage) {
            handSlot = 0;
            if (++handPage == pageCount) {
                handPage = 0;
            }
        }
        return ref;
    }

    /** The chunk under the hand without moving it, read without the lock (a hint); -1 if none. */
    /**
     * The page whose items the CLOCK reaches first, -1 if the class has none: the hand's page if
     * the hand is at its start, else the next (the hand's own page holds, behind the hand, the
     * items stored in the chunks it freed last: the newest). Caller holds the lock.
     */
    int oldestPage() {
        int n = pageCount;
        if (n == 0) {
            return -1;
        }
        int p = handPage >= n ? 0 : handPage;
        if (handSlot > 0 && n > 1) {
            p = (p + 1) % n;
        }
        return pageList[p];
    }

    int peekHand() {
        int n = pageCount;
        int p = handPage;
        int[] list = pageList;
        if (n == 0 || p >= n || p >= list.length) {
            return -1;
        }
        return ref(list[p], Math.min(handSlot, perPage - 1));
    }

    void reset() {
        freeCount = 0;
        pageCount = 0;
        handPage = 0;
        handSlot = 0;
        items = 0;
    }
}
