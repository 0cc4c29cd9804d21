package org.mlos.mem.store.slab;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.IntPredicate;

/**
 * The slab store's index: key to chunk, as 256 open-addressing tables (linear probing) of
 * {@code long}s, a key's 32-bit hash beside its chunk reference: 11 to 21 bytes an item and no
 * object per item. The keys themselves are in the chunks, so a match is confirmed there
 * ({@link ChunkKeys}).
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
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    /** Where the index confirms that a chunk holds a key. */
    interface ChunkKeys {
        /** Whether the chunk holds the key; a caller without the key's locks checks it again after. */
        boolean holds(int ref, String key);
    }

    private static final class Segment {
        volatile long[] table = new long[INITIAL];
        /** Odd while a removal shifts entries. */
        volatile int sequence;
        int count;
    }

    private final Segment[] segments = new Segment[SEGMENTS];
    private final ChunkKeys keys;

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
            long[] t = s.table;
            if ((seq & 1) == 0) {
                int ref = find(t, key, hash, confirm);
                if (ref >= 0 || s.sequence == seq && s.table == t) {
                    return ref;
                }
            }
            Thread.onSpinWait(); // a removal shifted entries, or the table grew, while we probed
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
            long[] t = s.table;
            if ((seq & 1) == 0) {
                int ref = find(t, key, hash, copy);
                if (ref >= 0 || s.sequence == seq && s.table == t) {
                    return ref;
                }
            }
            Thread.onSpinWait();
        }
    }

    private static int find(long[] t, String key, int hash, ItemCopy copy) {
        int mask = t.length - 1;
        for (int i = start(hash, mask), n = 0; n < t.length; i = (i + 1) & mask, n++) {
            long e = (long) SLOT.getAcquire(t, i);
            if (empty(e)) {
                return -1;
            }
            if ((int) (e >>> 32) == hash && copy.holds(refOf(e), key)) {
                return refOf(e);
            }
        }
        return -1;
    }

    private static int find(long[] t, String key, int hash, ChunkKeys keys) {
        int mask = t.length - 1;
        for (int i = start(hash, mask), n = 0; n < t.length; i = (i + 1) & mask, n++) {
            long e = (long) SLOT.getAcquire(t, i);
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
                grow(s);
            }
            long[] t = s.table;
            int mask = t.length - 1;
            int i = start(hash, mask);
            while (!empty(t[i])) {
                i = (i + 1) & mask;
            }
            s.count++;
            SLOT.setRelease(t, i, entry(hash, ref));
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
            SLOT.setRelease(s.table, i, entry(hash, to));
            return true;
        }
    }

    /** Takes a chunk's entry out; false if it is not in the index (replaced or removed meanwhile). */
    boolean remove(int hash, int ref) {
        Segment s = segment(hash);
        synchronized (s) {
            long[] t = s.table;
            int i = slotOf(t, hash, ref);
            if (i < 0) {
                return false;
            }
            s.sequence++; // odd: readers that miss meanwhile look again
            int mask = t.length - 1;
            for (int j = (i + 1) & mask;; j = (j + 1) & mask) {
                long e = t[j];
                if (empty(e)) {
                    break;
                }
                int home = start((int) (e >>> 32), mask);
                // e may fill the hole at i unless its home lies cyclically in (i, j]
                boolean stays = i <= j ? i < home && home <= j : i < home || home <= j;
                if (!stays) {
                    SLOT.setRelease(t, i, e);
                    i = j;
                }
            }
            SLOT.setRelease(t, i, 0L);
            s.count--;
            s.sequence++;
            return true;
        }
    }

    private static int slotOf(long[] t, int hash, int ref) {
        long want = entry(hash, ref);
        int mask = t.length - 1;
        for (int i = start(hash, mask), n = 0; n < t.length; i = (i + 1) & mask, n++) {
            long e = t[i];
            if (e == want) {
                return i;
            }
            if (empty(e)) {
                return -1;
            }
        }
        return -1;
    }

    private static void grow(Segment s) {
        long[] old = s.table;
        long[] t = new long[old.length * 2];
        int mask = t.length - 1;
        for (long e : old) {
            if (!empty(e)) {
                int i = start((int) (e >>> 32), mask);
                while (t[i] != 0) {
                    i = (i + 1) & mask;
                }
                t[i] = e;
            }
        }
        s.table = t; // volatile: a reader sees the filled table
    }

    /**
     * Every chunk in the index, weakly consistent. The sink answers whether it could read the
     * chunk; if not (replaced under it), the slot is read again, so that a key replaced during
     * the walk is still listed (a live swap counts what it copied).
     */
    void forEach(IntPredicate sink) {
        for (Segment s : segments) {
            long[] t = s.table;
            for (int i = 0; i < t.length; i++) {
                for (int attempt = 0; attempt < 100; attempt++) {
                    long e = (long) SLOT.getAcquire(t, i);
                    if (empty(e) || sink.test(refOf(e))) {
                        break;
                    }
                }
            }
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

    /** What the tables take on the heap. */
    long bytes() {
        long n = 0;
        for (Segment s : segments) {
            n += 16 + 8L * s.table.length;
        }
        return n;
    }

    /** Empties every table. */
    void clear() {
        for (Segment s : segments) {
            synchronized (s) {
                s.sequence++;
                s.table = new long[INITIAL];
                s.count = 0;
                s.sequence++;
            }
        }
    }
}
