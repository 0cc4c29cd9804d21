package org.mlos.mem.store.slab;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One size class: chunks of one size carved from the pages assigned to it, a stack of free
 * chunks and an LRU list of its items. Guarded by {@link #lock}.
 */
final class SlabClass {

    final ReentrantLock lock = new ReentrantLock();
    final int id;
    final int chunkSize;
    final int perPage;
    private long[] free = new long[64];
    private int freeCount;
    int pages;
    /** Pages of this class with no item on them. */
    int emptyPages;
    long items;
    /** Chunks handed out whose item is not yet published; its pages must stay put meanwhile. */
    int inFlight;
    /** Most recently stored. */
    SlabItem head;
    /** Least recently stored: the next eviction candidate. */
    SlabItem tail;

    SlabClass(int id, int chunkSize, int pageSize) {
        this.id = id;
        this.chunkSize = chunkSize;
        this.perPage = pageSize / chunkSize;
    }

    static long chunk(int page, int slot) {
        return ((long) page << 32) | (slot & 0xFFFFFFFFL);
    }

    static int page(long chunk) {
        return (int) (chunk >>> 32);
    }

    static int slot(long chunk) {
        return (int) chunk;
    }

    void pushFree(long chunk) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = chunk;
    }

    boolean hasFree() {
        return freeCount > 0;
    }

    long popFree() {
        return free[--freeCount];
    }

    /** Drops the free chunks of one page (the page is moving to another class). */
    void dropFreeOf(int page) {
        int n = 0;
        for (int i = 0; i < freeCount; i++) {
            if (page(free[i]) != page) {
                free[n++] = free[i];
            }
        }
        freeCount = n;
    }

    void linkHead(SlabItem it) {
        it.prev = null;
        it.next = head;
        if (head != null) {
            head.prev = it;
        }
        head = it;
        if (tail == null) {
            tail = it;
        }
        items++;
    }

    void unlink(SlabItem it) {
        if (it.prev != null) {
            it.prev.next = it.next;
        } else if (head == it) {
            head = it.next;
        }
        if (it.next != null) {
            it.next.prev = it.prev;
        } else if (tail == it) {
            tail = it.prev;
        }
        it.prev = null;
        it.next = null;
        items--;
    }

    void reset() {
        freeCount = 0;
        pages = 0;
        emptyPages = 0;
        inFlight = 0;
        items = 0;
        head = null;
        tail = null;
    }
}
