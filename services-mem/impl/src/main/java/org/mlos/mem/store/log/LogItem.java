package org.mlos.mem.store.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.mlos.mem.store.ItemCost;

/**
 * Where a key's record sits in the log ({@link LogRecord}: its metadata and value), its flags,
 * and a version that tells a reader without a lock whether what it copied is the item's.
 *
 * <p>One item a key for as long as the key stays in the store: a set of a key that is present
 * appends the new record and moves its item there in place ({@link #move}), rather than indexing
 * a new object (a map put and a 32-byte allocation a set, and the old object to free). The move
 * is a seqlock: the version turns odd, the fields change, the version turns even and newer;
 * a reader reads a stable (even) version, the fields, the record, and the version again, and
 * keeps the copy only if it did not change. Since the old record's memory is rewritten only
 * after its segment is reclaimed, which happens after every item left it, a copy checked so
 * never pairs one record's header with another's value, nor reads a reused segment. A set of the
 * record's own size in the log's newer half rewrites the record itself, under the claim
 * ({@link LogSpace#rewrite}): a reader's check of the version covers the record as it covers the
 * fields. Freed
 * (deleted, evicted) is final: the version goes negative and the key gets a new item if set again.
 *
 * <p>Every change (move, free, a touch of the record) is made under a claim of the item (its
 * version odd, taken by compare-and-set: {@link #claim}); readers take none. The
 * item is its own node in the {@link LogIndex} (its key's hash and the link of its chain), so a
 * get reaches it from the table slot directly. Header, three references, five ints: 48 bytes (the
 * key here also lets reclaiming walk a segment's list of items without a lookup in the index).
 */
final class LogItem {

    /** This object: 12-byte header, three references, five ints (44), padded to 8. */
    static final int OBJECT = 48;
    /** Its entry in its segment's list: a key reference and an offset, 8 bytes, up to 12 as the lists grow by half and never shrink. */
    static final int LIST_SLOT = 12;
    private static final int FREED = -1;
    private static final VarHandle VERSION;
    private static final VarHandle NEXT;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(LogItem.class, "version", int.class);
            NEXT = MethodHandles.lookup().findVarHandle(LogItem.class, "next", LogItem.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final String key;
    /** {@link LogIndex#hash} of the key. */
    final int hash;
    /** The next item of its index chain; written under the index part's lock, read with acquire. */
    @SuppressWarnings("unused")
    private LogItem next;
    /** Written only under a claim ({@link #claim}); readers validate with the version. */
    LogSegment segment;
    /** Where its record starts in the segment. */
    int offset;
    /** The value's length. */
    int length;
    int flags;
    /** Even: stable; odd: being moved; {@link #FREED}: freed for good. */
    @SuppressWarnings("unused")
    private volatile int version;

    LogItem(String key, LogSegment segment, int offset, int length, int flags) {
        this.key = key;
        this.hash = LogIndex.hash(key);
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        this.flags = flags;
    }

    LogItem next() {
        return (LogItem) NEXT.getAcquire(this);
    }

    /** Under the index part's lock: links the item to the next of its chain, after everything written before. */
    void linkTo(LogItem next) {
        NEXT.setRelease(this, next);
    }

    /**
     * The version to read the fields under: even, or {@link #FREED} (negative) if freed. Waits out
     * a claim in progress (a few field writes, or a record's copy).
     */
    int stableVersion() {
        for (int spins = 0;; spins++) {
            int v = (int) VERSION.getAcquire(this);
            if ((v & 1) == 0 || v < 0) {
                return v;
            }
            pause(spins);
        }
    }

    /**
     * Whether nothing moved or freed the item since {@link #stableVersion} returned {@code v}: the
     * caller's reads of the fields and the record before this call are the item's.
     */
    boolean unchangedSince(int v) {
        VarHandle.acquireFence(); // the reads before may not move below the version's
        return (int) VERSION.getOpaque(this) == v;
    }

    /**
     * Claims the item for a change (a move, a free, a touch of its record): turns its version odd by
     * a compare-and-set, waiting out another's claim (a few field writes, or a record's copy).
     * Returns false if the item is freed: its key has another item or none, and nothing of this
     * one may change. Every writer (a set, a delete, compaction, eviction) claims before it
     * changes an item, so no two change one at once, and readers overlapping a claim read again.
     */
    boolean claim() {
        for (int spins = 0;; spins++) {
            int v = (int) VERSION.getAcquire(this);
            if (v < 0) {
                return false;
            }
            if ((v & 1) == 0 && VERSION.weakCompareAndSet(this, v, v + 1)) {
                VarHandle.storeStoreFence(); // odd before any field changes: a reader that sees a new field sees the version changed
                return true;
            }
            pause(spins);
        }
    }

    /** Points the claimed item at a record written already; {@link #release} publishes it. */
    void move(LogSegment segment, int offset, int length, int flags) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        this.flags = flags;
    }

    /** Ends a claim: the version even again and newer (never {@link #FREED}), after the fields. */
    void release() {
        int v = (int) VERSION.getOpaque(this);
        VERSION.setRelease(this, (v + 1) & Integer.MAX_VALUE);
    }

    /** Ends a claim by freeing the item for good; its accounting done before. */
    void releaseFreed() {
        VERSION.setRelease(this, FREED);
    }

    boolean isFreed() {
        return (int) VERSION.getAcquire(this) < 0;
    }

    /**
     * Waits a moment for a claim to end: spinning first (a claim lasts a few field writes or a
     * record's copy), then yielding, in case its holder was descheduled mid-claim.
     */
    static void pause(int spins) {
        if (spins < 128) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** Off-heap bytes of its record. */
    int recordBytes() {
        return LogRecord.size(length);
    }

    /**
     * What a key's item keeps on the heap: this object (its own index node), its table slot, its entry
     * in the segment's list, the key. A replaced record leaves only its list entry behind until
     * its segment is reclaimed (the item itself moves on to the new record).
     */
    static long heapBytes(String key) {
        return OBJECT + ItemCost.TABLE_SLOT + LIST_SLOT + ItemCost.key(key);
    }

    long heapBytes() {
        return heapBytes(key);
    }

    /** The whole item: its record in the log and what it keeps on the heap. */
    long bytes() {
        return recordBytes() + heapBytes();
    }
}
