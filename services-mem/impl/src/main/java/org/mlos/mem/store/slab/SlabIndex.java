package org.mlos.mem.store.slab;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The slab store's index: key to chunk, as 256 open-addressing tables (linear probing) of
 * {@code long}s, a key's 32-bit hash beside its chunk reference: 11 to 21 bytes an item and no
 * object per item. The keys themselves are in the chunks, so a match is confirmed there
 * ({@link ChunkKeys}).
 *
 * <p>The tables are off-heap, each in an arena of its own, freed when the table is outgrown. On
 * the heap, the outgrown tables of a filling store were garbage that stayed in the old
 * generation until a full collection: at 1 M items, 13 MB of the node's resident memory (the
 * {@code items=1000000} row of {@code mlos bench memcached}). A reader still probing a table that
 * was freed meanwhile gets an {@link IllegalStateException} from the memory (the arena's close
 * is a handshake that waits out accesses under way; services-mem's README says what JDK-8364167
 * leaves of that, and why a stale slot cannot return a wrong item) and probes the new table;
 * walks ({@link #forEach}) keep the tables they may still read until the last one ends.
 *
 * <p>Reads take no lock. A table is replaced whole when it grows; slots are written with release
 * and read with acquire. A removal shifts later entries of its run back (no tombstones, so churn
 * neither lengthens probes nor grows tables); a reader probing past a shift could miss a present
 * key, so each table has a sequence, odd while a removal shifts, and a reader that found nothing
 * checks it did not change. Writes hold the table's lock, a leaf lock: nothing is taken under it.
 */
final class SlabIndex {

    /** A power of two. */
    static final int SEGMENTS = 256;
    static final int INITIAL = 16;
    private static final VarHandle SLOT = ValueLayout.JAVA_LONG.varHandle();

    /** Where the index confirms that a chunk holds a key. */
    interface ChunkKeys {
        /** Whether the chunk holds the key; a caller without the key's locks checks it again after. */
        boolean holds(int ref, String key);
    }

    /** A table of {@code length} slots (a power of two), off-heap in an arena of its own. */
    private static final class Table {
        final Arena arena = Arena.ofShared();
        final MemorySegment slots;
        final int length;

        Table(int length) {
            this.length = length;
            this.slots = arena.allocate(8L * length, 8); // zeroed: every slot empty
        }

        /** A read under the segment's lock. */
        long plain(int i) {
            return (long) SLOT.get(slots, 8L * i);
        }

        void set(int i, long entry) {
            SLOT.setRelease(slots, 8L * i, entry);
        }
    }

    private static final class Segment {
        /** Written under the segment's lock, with {@link #slots}. */
        Table table = new Table(INITIAL);
        /** The table's slots, what readers probe: one load fewer than through the table. */
        volatile MemorySegment slots = table.slots;
        /** Odd while a removal shifts entries. */
        volatile int sequence;
        int count;
    }

    /** Every segment's table once the index is closed: one empty slot, never freed. */
    private static final Table CLOSED = new Table(1);

    private final Segment[] segments = new Segment[SEGMENTS];
    private final ChunkKeys keys;
    /** Guards {@link #walkers} and {@link #retired}: a walk's start, its end and a table's retirement are ordered by it. */
    private final Object walks = new Object();
    /** Walks under way: while any is, outgrown tables are kept in {@link #retired}, not freed. */
    private int walkers;
    private final List<Table> retired = new ArrayList<>();

    SlabIndex(ChunkKeys keys) {
        this.keys = keys;
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment();
        }
    }

    private static long entry(int hash, int ref) {
        return ((long) hash << 32) | ((ref + 1) & 0xFFFF_FFFFL);
    }

    private static int refOf(long entry) {
        return (int) entry - 1;
    }

    private static boolean empty(long entry) {
        return (int) entry == 0;
    }

    /** Slots of a table's memory. */
    private static int length(MemorySegment slots) {
        return (int) (slots.byteSize() >>> 3);
    }

    private static int start(int hash, int mask) {
        return (hash >>> 8) & mask;
    }

    private Segment segment(int hash) {
        return segments[hash & (SEGMENTS - 1)];
    }

    /**
     * The chunk holding the key, or -1. Without a lock: the answer may be stale by the time the
     * caller reads the chunk, which the caller validates.
     */
    int get(String key, int hash) {
        return get(key, hash, keys);
    }

    /**
     * The chunk holding the key as {@code confirm} says, or -1. A reader passes one that copies
     * the item as it confirms it, so that a read looks at the chunk once.
     */
    int get(String key, int hash, ChunkKeys confirm) {
        Segment s = segment(hash);
        while (true) {
            int seq = s.sequence;
            MemorySegment t = s.slots;
            if ((seq & 1) == 0) {
                try {
                    int ref = find(t, key, hash, confirm);
                    if (ref >= 0 || s.sequence == seq && s.slots == t) {
                        return ref;
                    }
                } catch (IllegalStateException freed) {
                    outgrown(t, freed);
                }
            }
            Thread.onSpinWait(); // a removal shifted entries, or the table grew, while we probed
        }
    }

    /**
     * A probe met freed memory: its table's, if the table was outgrown and freed meanwhile (the
     * caller probes the new one); otherwise the memory of a chunk the confirmation read, which the
     * caller's caller handles (a page given back by a resize).
     */
    private static void outgrown(MemorySegment t, IllegalStateException freed) {
        if (t.scope().isAlive()) {
            throw freed;
        }
    }

    /**
     * {@link #get(String, int, ChunkKeys)} for a reader's copy: the same probe, with a call that
     * binds statically. Through the interface the call site sees every confirmer (the reader's,
     * the writer's, the store's), is not inlined, and costs a dispatch per candidate on every get.
     */
    int get(String key, int hash, ItemCopy copy) {
        Segment s = segment(hash);
        while (true) {
            int seq = s.sequence;
            MemorySegment t = s.slots;
            if ((seq & 1) == 0) {
                try {
                    int ref = find(t, key, hash, copy);
                    if (ref >= 0 || s.sequence == seq && s.slots == t) {
                        return ref;
                    }
                } catch (IllegalStateException freed) {
                    outgrown(t, freed);
                }
            }
            Thread.onSpinWait();
        }
    }

    private static int find(MemorySegment t, String key, int hash, ItemCopy copy) {
        int length = length(t);
        int mask = length - 1;
        for (int i = start(hash, mask), n = 0; n < length; i = (i + 1) & mask, n++) {
            long e = (long) SLOT.getAcquire(t, 8L * i);
            if (empty(e)) {
                return -1;
            }
            if ((int) (e >>> 32) == hash && copy.holds(refOf(e), key)) {
                return refOf(e);
            }
        }
        return -1;
    }

    private static int find(MemorySegment t, String key, int hash, ChunkKeys keys) {
        int length = length(t);
        int mask = length - 1;
        for (int i = start(hash, mask), n = 0; n < length; i = (i + 1) & mask, n++) {
            long e = (long) SLOT.getAcquire(t, 8L * i);
            if (empty(e)) {
                return -1;
            }
            if ((int) (e >>> 32) == hash && keys.holds(refOf(e), key)) {
                return refOf(e);
            }
        }
        return -1;
    }

    /** Adds a key that is not in the index. Caller holds the key's stripe lock. */
    void add(int hash, int ref) {
        Segment s = segment(hash);
        synchronized (s) {
            if ((s.count + 1) * 4L > s.table.length * 3L) {
                rehash(s, s.table.length * 2);
            }
            Table t = s.table;
            int mask = t.length - 1;
            int i = start(hash, mask);
            while (!empty(t.plain(i))) {
                i = (i + 1) & mask;
            }
            s.count++;
            t.set(i, entry(hash, ref));
        }
    }

    /** Points the key's slot from one chunk to another; false if {@code from} is no longer in the index. */
    boolean replace(int hash, int from, int to) {
        Segment s = segment(hash);
        synchronized (s) {
            int i = slotOf(s.table, hash, from);
            if (i < 0) {
                return false;
            }
            s.table.set(i, entry(hash, to));
            return true;
        }
    }

    /** Takes a chunk's entry out; false if it is not in the index (replaced or removed meanwhile). */
    boolean remove(int hash, int ref) {
        Segment s = segment(hash);
        synchronized (s) {
            Table t = s.table;
            int i = slotOf(t, hash, ref);
            if (i < 0) {
                return false;
            }
            s.sequence++; // odd: readers that miss meanwhile look again
            int mask = t.length - 1;
            for (int j = (i + 1) & mask;; j = (j + 1) & mask) {
                long e = t.plain(j);
                if (empty(e)) {
                    break;
                }
                int home = start((int) (e >>> 32), mask);
                // e may fill the hole at i unless its home lies cyclically in (i, j]
                boolean stays = i <= j ? i < home && home <= j : i < home || home <= j;
                if (!stays) {
                    t.set(i, e);
                    i = j;
                }
            }
            t.set(i, 0L);
            s.count--;
            s.sequence++;
            return true;
        }
    }

    private static int slotOf(Table t, int hash, int ref) {
        long want = entry(hash, ref);
        int mask = t.length - 1;
        for (int i = start(hash, mask), n = 0; n < t.length; i = (i + 1) & mask, n++) {
            long e = t.plain(i);
            if (e == want) {
                return i;
            }
            if (empty(e)) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Lays the segment's entries out in a table of {@code length} slots (twice the old when it
     * fills, less when a store shrinks); readers probing the old table meanwhile find every entry
     * there until it is freed. Caller holds the segment's lock.
     */
    private void rehash(Segment s, int length) {
        Table old = s.table;
        Table t = new Table(length);
        int mask = t.length - 1;
        for (int j = 0; j < old.length; j++) {
            long e = old.plain(j);
            if (!empty(e)) {
                int i = start((int) (e >>> 32), mask);
                while (t.plain(i) != 0) {
                    i = (i + 1) & mask;
                }
                t.set(i, e);
            }
        }
        s.table = t;
        s.slots = t.slots; // volatile: a reader sees the filled table
        free(old);
    }

    /**
     * Frees an outgrown table, or keeps it until the walks under way end. The table was unpublished
     * before: a walk that starts from now on reads only the new one.
     */
    private void free(Table old) {
        if (old == CLOSED) {
            return;
        }
        synchronized (walks) {
            if (walkers > 0) {
                retired.add(old);
                return;
            }
        }
        old.arena.close(); // readers still in it get IllegalStateException, and probe again
    }

    /**
     * Every chunk in the index, weakly consistent: every entry present throughout is listed. Each
     * table is copied under its segment's lock and walked from the copy: a removal shifts later
     * entries of its run back, and a walk of the live table could pass an entry shifted behind it
     * (a live swap's copy missed such items: the key shifted was touched by no call the kernel
     * replays). The sink answers whether it could read the chunk; if not (replaced under it), the
     * live slot is read again, so that a key replaced in place during the walk is still listed (a
     * live swap counts what it copied).
     */
    void forEach(IntPredicate sink) {
        walk(0, SEGMENTS, sink);
    }

    /**
     * As {@link #forEach}, over one segment's table: a piece of a walk cut in {@value #SEGMENTS}
     * (a reclaim pass), a 256th of the index.
     */
    void forEachIn(int segment, IntPredicate sink) {
        walk(segment, segment + 1, sink);
    }

    private void walk(int from, int to, IntPredicate sink) {
        synchronized (walks) {
            walkers++; // before the tables are read: a table outgrown from now on is kept for this walk
        }
        try {
            long[] copy = new long[0];
            for (int k = from; k < to; k++) {
                Segment s = segments[k];
                MemorySegment t = null;
                int n = 0;
                while (t == null) {
                    int want = length(s.slots);
                    if (copy.length < want) {
                        copy = new long[want]; // not under the lock: writers of the segment would wait for it
                    }
                    synchronized (s) {
                        n = length(s.slots);
                        if (n <= copy.length) {
                            t = s.slots; // kept while this walk lasts, though outgrown meanwhile
                            MemorySegment.copy(t, ValueLayout.JAVA_LONG, 0, copy, 0, n);
                        }
                    }
                }
                for (int i = 0; i < n; i++) {
                    long e = copy[i];
                    for (int attempt = 0; attempt < 100 && !empty(e) && !sink.test(refOf(e)); attempt++) {
                        long again = (long) SLOT.getAcquire(t, 8L * i); // replaced in place: the slot names the new chunk
                        if ((int) (again >>> 32) != (int) (e >>> 32)) {
                            break; // removed, and another key's entry shifted here: the copy lists that one where it was
                        }
                        e = again;
                    }
                }
            }
        } finally {
            List<Table> free = List.of();
            synchronized (walks) {
                if (--walkers == 0) {
                    free = new ArrayList<>(retired); // no walk can read these: each started before the last ended
                    retired.clear();
                }
            }
            for (Table t : free) {
                t.arena.close();
            }
        }
    }

    /** Outgrown tables kept for walks under way, not yet freed. */
    int retiredTables() {
        synchronized (walks) {
            return retired.size();
        }
    }

    long size() {
        long n = 0;
        for (Segment s : segments) {
            synchronized (s) {
                n += s.count;
            }
        }
        return n;
    }

    /** What the tables take, off the heap. */
    long bytes() {
        long n = 0;
        for (Segment s : segments) {
            n += s.slots.byteSize();
        }
        return n;
    }

    /**
     * Halves each table filled less than 3/8 until it is filled at least that (or is back at its
     * first size), so below the 3/4 at which it grows: after a store shrinks in place, the index
     * gives back the room its evicted keys took and stays within what the store's budget reserves
     * for it (a load of 3/8 to 3/4).
     */
    void shrinkToFit() {
        for (Segment s : segments) {
            synchronized (s) {
                int length = s.table.length;
                while (length > INITIAL && s.count * 8L < length * 3L) {
                    length /= 2;
                }
                if (length != s.table.length && s.table != CLOSED) {
                    rehash(s, length);
                }
            }
        }
    }

    /** Empties every table. */
    void clear() {
        for (Segment s : segments) {
            Table empty = new Table(INITIAL); // first: a failed allocation changes nothing
            synchronized (s) {
                Table old = s.table;
                s.table = empty;
                s.slots = empty.slots; // a reader probing the old table sees it replaced, and probes again
                s.count = 0;
                free(old);
            }
        }
    }

    /** Frees every table: the store is done with the index (a reader that comes late finds nothing). */
    void close() {
        for (Segment s : segments) {
            synchronized (s) {
                Table old = s.table;
                s.table = CLOSED;
                s.slots = CLOSED.slots;
                s.count = 0;
                free(old);
            }
        }
    }
}
