package org.mlos.mem.store.log;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The log's index, key to {@link LogItem}, whose chain nodes are the items themselves: a get
 * goes table slot, item, record. A {@code ConcurrentHashMap<String, LogItem>} put a node of its
 * own between slot and item (one more dependent miss on every get and set of a store larger than
 * the cache, and 32 bytes an item).
 *
 * <p>{@value #PARTS} parts, each a chained hash table with a lock for writers (inserts, removals,
 * growth). Readers take no lock: a slot and a link are read with acquire, after the item they
 * reach was written whole. Growing relinks the part's items into a table twice the size, so a
 * reader walking a chain meanwhile may step into another chain and miss its key; each part counts
 * its resizes in a version (odd while one runs), and a reader that finds nothing reads again if
 * the version moved. A removed item keeps its link, so a reader standing on it walks on. Every
 * chain stays acyclic throughout, so a walk ends.
 */
final class LogIndex {

    static final int PARTS = 64;
    /** Slices of a part's table that a piece of a walk takes ({@link #forEachIn}). */
    static final int SLICES = 4;
    /** Pieces a walk may be cut into: a 1 GB log of 4 M items has some 16 k items in each. */
    static final int PIECES = PARTS * SLICES;
    private static final int SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(PARTS);
    private static final int FIRST_TABLE = 64;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(LogItem[].class);

    private final Part[] parts = new Part[PARTS];

    LogIndex() {
        for (int i = 0; i < PARTS; i++) {
            parts[i] = new Part();
        }
    }

    /** A key's hash as the index uses it: spread, since the part comes from the high bits and the slot from the low. */
    static int hash(String key) {
        int h = key.hashCode() * 0x9E3779B9; // Fibonacci hashing: String's hash varies little in its high bits
        return h ^ (h >>> 16);
    }

    private Part part(int hash) {
        return parts[hash >>> SHIFT];
    }

    /** The key's item, or null. Lock-free. */
    LogItem get(String key) {
        int h = hash(key);
        Part p = part(h);
        while (true) {
            int version = p.version();
            LogItem[] t = p.table;
            for (LogItem e = (LogItem) SLOT.getAcquire(t, h & (t.length - 1)); e != null; e = e.next()) {
                if (e.hash == h && (e.key == key || e.key.equals(key))) {
                    return e;
                }
            }
            if ((version & 1) == 0 && p.version() == version) {
                return null;
            }
            Thread.onSpinWait(); // a resize ran meanwhile: the walk may have left the key's chain
        }
    }

    /** Indexes an item, replacing the key's item if any; returns the one replaced, or null. */
    LogItem put(LogItem item) {
        Part p = part(item.hash);
        synchronized (p) {
            LogItem old = p.unlink(item.key, item.hash, null);
            p.link(item);
            return old;
        }
    }

    /** Takes the key's item out; returns it, or null if there was none. */
    LogItem remove(String key) {
        int h = hash(key);
        Part p = part(h);
        synchronized (p) {
            return p.unlink(key, h, null);
        }
    }

    /** Takes this item out if it is the key's; false if the key has another item or none. */
    boolean remove(LogItem item) {
        Part p = part(item.hash);
        synchronized (p) {
            return p.unlink(item.key, item.hash, item) != null;
        }
    }

    /** Items indexed; exact while nothing changes. */
    long size() {
        long n = 0;
        for (Part p : parts) {
            n += p.count; // racy on purpose: a size() is a moment's figure anyway
        }
        return n;
    }

    /** Passes every item indexed at the time its part is reached (weakly consistent, as a ConcurrentHashMap's iteration). */
    void forEach(Consumer<LogItem> sink) {
        List<LogItem> batch = new ArrayList<>();
        for (Part p : parts) {
            batch.clear();
            take(p, 0, 1, batch);
            batch.forEach(sink); // outside the lock: the sink may remove
        }
    }

    /**
     * Passes the items of one piece of the index ({@value #PIECES} in all): a {@value #SLICES}th
     * of one part's table slots, taken under the part's lock and passed on outside it. Pieces
     * walked one after another may miss an item, or meet one twice, if its part's table grows in
     * between (its items move to other slots): for walks that a later walk completes (reclaim
     * passes), not for those that must see every item ({@link #forEach}).
     */
    void forEachIn(int piece, Consumer<LogItem> sink) {
        List<LogItem> batch = new ArrayList<>();
        take(parts[piece / SLICES], piece % SLICES, SLICES, batch);
        batch.forEach(sink); // outside the lock: the sink may remove
    }

    /** Adds the items of slice {@code slice} of {@code slices} of the part's table to {@code batch}, under the part's lock. */
    private static void take(Part p, int slice, int slices, List<LogItem> batch) {
        synchronized (p) {
            LogItem[] t = p.table;
            int n = t.length / slices; // tables are powers of two from 64 up
            for (int i = slice * n, end = i + n; i < end; i++) {
                for (LogItem e = t[i]; e != null; e = e.next()) {
                    batch.add(e);
                }
            }
        }
    }

    /** One table and its writers' lock (the object's monitor). */
    private static final class Part {
        private static final VarHandle VERSION;

        static {
            try {
                VERSION = MethodHandles.lookup().findVarHandle(Part.class, "version", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Replaced (by a larger one) only under the lock; a reader reads it once a walk. */
        volatile LogItem[] table = new LogItem[FIRST_TABLE];
        /** Guarded by the lock. */
        int count;
        /** Resizes run times two; odd while one runs. */
        @SuppressWarnings("unused")
        private int version;

        int version() {
            return (int) VERSION.getAcquire(this);
        }

        /** Under the lock: heads the item's chain with it, growing the table first if it is three-quarters full. */
        void link(LogItem item) {
            if (count + 1 > table.length - (table.length >> 2)) {
                grow();
            }
            LogItem[] t = table;
            int i = item.hash & (t.length - 1);
            item.linkTo((LogItem) SLOT.getAcquire(t, i)); // the item whole, then its link, then the slot
            SLOT.setRelease(t, i, item);
            count++;
        }

        /**
         * Under the lock: takes out the key's item (only if it is {@code only}, unless that is null)
         * and returns it, or null. The item keeps its link, for readers standing on it.
         */
        LogItem unlink(String key, int hash, LogItem only) {
            LogItem[] t = table;
            int i = hash & (t.length - 1);
            LogItem prev = null;
            for (LogItem e = (LogItem) SLOT.getAcquire(t, i); e != null; prev = e, e = e.next()) {
                if (e.hash == hash && (e.key == key || e.key.equals(key))) {
                    if (only != null && e != only) {
                        return null;
                    }
                    if (prev == null) {
                        SLOT.setRelease(t, i, e.next());
                    } else {
                        prev.linkTo(e.next());
                    }
                    count--;
                    return e;
                }
            }
            return null;
        }

        /**
         * Under the lock: relinks every item into a table twice the size. The items move one by
         * one, each to the head of its new chain, so every chain, old or new, stays acyclic; the
         * version is odd throughout, so a reader that missed meanwhile reads again.
         */
        private void grow() {
            LogItem[] old = table;
            LogItem[] t = new LogItem[old.length << 1];
            int v = (int) VERSION.getOpaque(this);
            VERSION.setOpaque(this, v + 1);
            VarHandle.fullFence(); // odd before any link changes: a reader that sees a changed link sees the version moved
            for (int i = 0; i < old.length; i++) {
                LogItem e = old[i];
                while (e != null) {
                    LogItem next = e.next();
                    int j = e.hash & (t.length - 1);
                    e.linkTo(t[j]);
                    t[j] = e;
                    e = next;
                }
            }
            table = t; // volatile: the new chains whole before readers can reach them
            VERSION.setRelease(this, v + 2);
        }
    }
}
