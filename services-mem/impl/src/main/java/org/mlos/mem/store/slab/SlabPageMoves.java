package org.mlos.mem.store.slab;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * How pages follow the items between a slab store's size classes (memcached's automove): an
 * empty page given back or taken over, a page of much older items taken with its items evicted,
 * a page taken for a class that has none. Each move holds the receiving class's lock and only
 * tries the giving class's, so two moves cannot deadlock.
 */
final class SlabPageMoves {

    private final SlabClass[] classes;
    private final SlabPages pages;
    private final long capacity;
    /** The store's newest CAS unique: ages are counted in store operations. */
    private final LongSupplier lastCas;
    /** Takes an item out of the store's index and accounts, for a page taken with it. */
    private final Consumer<SlabItem> evicted;

    SlabPageMoves(SlabClass[] classes, SlabPages pages, long capacity, LongSupplier lastCas, Consumer<SlabItem> evicted) {
        this.classes = classes;
        this.pages = pages;
        this.capacity = capacity;
        this.lastCas = lastCas;
        this.evicted = evicted;
    }

    /**
     * Gives back a page of another class none of whose chunks is in use, when items need the
     * heap its memory holds in the budget. Caller holds this class's lock; the other's is only
     * tried.
     */
    boolean releaseEmptyPage(SlabClass c) {
        for (SlabClass d : classes) {
            if (d == c || d.emptyPages == 0 || !d.lock.tryLock()) {
                continue; // emptyPages read without d's lock: a hint, checked again under it
            }
            try {
                int page = d.inFlight > 0 ? -1 : pages.emptyPageOf(d);
                if (page >= 0) {
                    pages.release(page, d);
                    return true;
                }
            } finally {
                d.lock.unlock();
            }
        }
        return false;
    }

    /**
     * Moves a page from the class holding the most pages to this one, evicting what the page
     * held. Only when this class has no page at all; never from a class with a store in flight.
     * Caller holds this class's lock; the donor's is only tried, so locks cannot deadlock.
     */
    boolean stealPage(SlabClass c) {
        if (c.pages > 0) {
            return false;
        }
        SlabClass donor = null;
        for (SlabClass d : classes) {
            if (d != c && d.pages > 0 && (donor == null || d.pages > donor.pages)) {
                donor = d;
            }
        }
        return donor != null && takePage(c, donor);
    }

    /**
     * Takes a page, evicting what it holds, from a class whose least recently used item is more
     * than {@value SlabStore#MOVE_AGE_RATIO} times as old as this class's, ages counted in store operations:
     * after item sizes change the pages follow the new items (memcached's automove), while
     * classes of like age keep their pages, so that a steady mix does not pass pages to and fro.
     * Caller holds this class's lock.
     */
    boolean takeOldPage(SlabClass c) {
        SlabItem own = c.tail;
        if (own == null) {
            return false;
        }
        long now = lastCas.getAsLong();
        long before = now - SlabStore.MOVE_AGE_RATIO * (now - own.cas);
        SlabClass donor = null;
        for (SlabClass d : classes) {
            SlabItem t = d.tail; // read without its lock: a hint
            if (d != c && d.pages > 0 && t != null && t.cas < before) {
                donor = d;
                before = t.cas;
            }
        }
        return donor != null && pages.fitMove(donor, c, capacity) && takePage(c, donor);
    }

    /**
     * Moves the donor's page holding the fewest items to this class, evicting them. Never from a
     * class with a store in flight. Caller holds this class's lock; the donor's is only tried,
     * so locks cannot deadlock.
     */
    private boolean takePage(SlabClass c, SlabClass donor) {
        if (!donor.lock.tryLock()) {
            return false;
        }
        try {
            int page = donor.inFlight > 0 ? -1 : pages.sparsestPageOf(donor);
            if (page < 0) {
                return false;
            }
            for (SlabItem it : pages.occupants(page)) {
                if (it == null) {
                    continue;
                }
                evicted.accept(it);
                donor.unlink(it);
            }
            pages.move(page, donor, c);
            return true;
        } finally {
            donor.lock.unlock();
        }
    }

    /**
     * Moves a page none of whose chunks is in use from another class to this one, when this one
     * is out of chunks and the budget allows no new page: after item sizes change, the pages of
     * the old sizes follow the new items once eviction has emptied them. Caller holds this
     * class's lock; the other's is only tried.
     */
    boolean takeEmptyPage(SlabClass c) {
        for (SlabClass d : classes) {
            if (d == c || d.emptyPages == 0 || !pages.fitMove(d, c, capacity) || !d.lock.tryLock()) {
                continue; // emptyPages read without d's lock: a hint, checked again under it
            }
            try {
                int page = d.inFlight > 0 ? -1 : pages.emptyPageOf(d);
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
}
