package org.mlos.mem.store;

import java.util.concurrent.atomic.AtomicLong;

import org.mlos.core.reps.PerCore;

/**
 * A store's CAS uniques: every value handed out is unique, and the uniques of one key increase.
 *
 * <p>{@link #next()} takes the next of one store-wide counter: an atomic increment on a line that
 * every writing core pulls to itself, a large part of a set under two writing threads.
 * {@link #nextAfter} does without it most of the time: each thread takes a block of
 * {@value #BLOCK} uniques from the counter at once and hands them out in turn, with no atomic
 * instruction and no shared line. Blocks are disjoint, so uniques stay unique. A thread's block
 * can be older than the unique a key got from another thread, so the caller passes the key's
 * current unique (under the key's lock, where it is exact), and a block that is not above it, or
 * not above any unique imported from another store, is dropped for a fresh one: a fresh block,
 * like {@link #next()}, is above everything handed out before it was taken. So a key's uniques
 * increase, whichever threads set it, and across stores when state moves.
 *
 * <p>What this gives up: uniques of different keys are ordered by time only roughly (to within a
 * block per thread), where one counter ordered them exactly. Nothing here orders items by unique
 * through {@link #nextAfter}; a store whose eviction or relayout sorts items by unique draws from
 * {@link #next()}.
 */
final class CasSequence {

    /** Uniques a thread takes at once. */
    static final int BLOCK = 1024;

    private final AtomicLong counter = new AtomicLong();
    /** The largest unique imported from another store: a block must lie above it. Written only by imports. */
    private volatile long imported;
    private final PerCore<Block> blocks = PerCore.of(i -> new Block());

    /** The next of the store-wide counter: above every unique handed out before. */
    long next() {
        return counter.incrementAndGet();
    }

    /** The largest unique taken from the counter so far (blocks count whole). */
    long last() {
        return counter.get();
    }

    /**
     * A unique above {@code current}, the key's present unique (0 if the key has none); called under
     * the key's lock, so that no other unique of the key is given meanwhile.
     */
    long nextAfter(long current) {
        Block b = blocks.rep();
        Thread me = Thread.currentThread();
        if (b.owner != me && !b.claim(me)) {
            return next(); // the block belongs to another live thread of this stripe
        }
        long n = b.next;
        if (n > current && n < b.end && n > imported) {
            b.next = n + 1;
            return n;
        }
        long start = counter.getAndAdd(BLOCK) + 1;
        b.next = start + 1;
        b.end = start + BLOCK;
        return start;
    }

    /** Records a unique imported from another store: every unique handed out from now on lies above it. */
    void imported(long cas) {
        counter.accumulateAndGet(cas, Math::max);
        if (cas > imported) {
            imported = cas;
        }
    }

    /**
     * One stripe's block, used by its owner thread only (plain fields, no atomics); padded so that
     * two stripes' blocks share no cache line.
     */
    static final class Block {
        volatile Thread owner;
        long p0, p1, p2, p3, p4, p5, p6;
        long next;
        long end;
        long q0, q1, q2, q3, q4, q5, q6;

        /**
         * Takes the block if it has no owner or its owner ended (whose writes happen-before
         * {@code isAlive()} answering false), keeping its place so no unique is handed out twice.
         */
        synchronized boolean claim(Thread me) {
            Thread o = owner;
            if (o == null || !o.isAlive()) {
                owner = me;
                return true;
            }
            return false;
        }
    }
}
