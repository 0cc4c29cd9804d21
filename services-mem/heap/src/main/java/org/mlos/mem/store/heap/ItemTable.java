package org.mlos.mem.store.heap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * A segment's index: a hash table whose chain nodes are the items themselves ({@link HeapItem#chain}),
 * read without a lock and changed only under the segment's lock. A {@code ConcurrentHashMap}
 * put a node of its own between table and item: one more dependent load, a likely cache miss in a
 * large store, on every get, and 32 bytes an item.
 *
 * <p>How readers stay right while a writer works: an item is put at the head of its chain only once
 * whole (a release store of the slot); a removed item is unlinked by pointing its predecessor past
 * it, its own link left as it was, so a reader standing on it still reaches the rest of the chain.
 * Growing relinks every item into a new table, which can send a reader of the old one down the
 * wrong chain; so growing bumps {@link #resizes} before and after, and a reader that found nothing
 * while it moved looks again. A reader never loops: every chain, old or new, ends.
 */
final class ItemTable extends ItemTableFields {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(HeapItem[].class);
    private static final VarHandle RESIZES;
    static final int MIN_CAPACITY = 16;

    static {
        try {
            RESIZES = MethodHandles.lookup().findVarHandle(ItemTableFields.class, "resizes", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A cache line of padding after the fields, as {@link ItemTableLead} puts one before them: every
     * get reads them, and a neighbour that sets write (a segment's lock word and byte count, which
     * the allocator put right before its index) made each of those gets miss.
     */
    long q0, q1, q2, q3, q4, q5, q6, q7;

    ItemTable() {
        table = new HeapItem[MIN_CAPACITY];
    }

    /** The hash the table spreads keys by (low bits; the store picks segments by high bits). */
    static int hash(String key) {
        return spread(key.hashCode());
    }

    /** The hash the table spreads keys by, from the key's {@code hashCode()} (for a caller that has it already). */
    static int spread(int h) {
        return h ^ (h >>> 16);
    }

    /** The key's item, or null; lock-free. */
    HeapItem get(String key) {
        return get(key, hash(key));
    }

    /**
     * The key's item, or null; lock-free; {@code h} is {@link #hash} of the key. One pass over the
     * chain inline; a pass that a resize overlapped is retried out of line, so this stays small
     * enough for a get to inline it.
     */
    HeapItem get(String key, int h) {
        int r = resizes;
        HeapItem found = find(table, key, h);
        if (found != null) {
            return found; // the key's item, whichever chain led here
        }
        VarHandle.loadLoadFence(); // the chain is read before the count is checked again
        if ((r & 1) == 0 && resizes == r) {
            return null;
        }
        return getAfterResize(key, h);
    }

    private static HeapItem find(HeapItem[] tab, String key, int h) {
        for (HeapItem e = (HeapItem) SLOT.getAcquire(tab, h & (tab.length - 1)); e != null; e = e.nextInChain()) {
            if (e.hash == h && (e.key == key || e.key.equals(key))) {
                return e;
            }
        }
        return null;
    }

    /** A resize moved items while a reader looked: look again until a pass no resize overlapped. */
    private HeapItem getAfterResize(String key, int h) {
        for (;;) {
            Thread.onSpinWait();
            int r = resizes;
            HeapItem found = find(table, key, h);
            if (found != null) {
                return found;
            }
            VarHandle.loadLoadFence();
            if ((r & 1) == 0 && resizes == r) {
                return null;
            }
        }
    }

    /** Adds an item whose key the table does not hold; under the segment's lock. */
    void add(HeapItem it) {
        HeapItem[] tab = table;
        if (count + 1 > tab.length - (tab.length >>> 2)) {
            tab = grow(tab);
        }
        int i = it.hash & (tab.length - 1);
        it.chain = tab[i];
        SLOT.setRelease(tab, i, it); // the item, fields and link, is whole before a reader can reach it
        count++;
    }

    /** Removes this item if the table holds it; under the segment's lock. */
    boolean remove(HeapItem it) {
        HeapItem[] tab = table;
        int i = it.hash & (tab.length - 1);
        HeapItem e = tab[i];
        if (e == it) {
            SLOT.setRelease(tab, i, it.chain);
            count--;
            return true;
        }
        for (; e != null; e = e.chain) {
            if (e.chain == it) {
                e.setChain(it.chain); // it.chain stays: a reader standing on it goes on from there
                count--;
                return true;
            }
        }
        return false;
    }

    /** Drops every item; under the segment's lock. Readers see the items before or none. */
    void clear() {
        table = new HeapItem[MIN_CAPACITY];
        count = 0;
    }

    /** Items held; exact under the segment's lock, a recent figure without it. */
    int size() {
        return count;
    }

    /** Every item; under the segment's lock. */
    void forEach(Consumer<HeapItem> action) {
        for (HeapItem head : table) {
            for (HeapItem e = head; e != null; e = e.chain) {
                action.accept(e);
            }
        }
    }

    private HeapItem[] grow(HeapItem[] old) {
        HeapItem[] tab = new HeapItem[old.length << 1];
        int mask = tab.length - 1;
        RESIZES.setVolatile(this, resizes + 1);
        for (HeapItem head : old) {
            for (HeapItem e = head, next; e != null; e = next) {
                next = e.chain;
                int j = e.hash & mask;
                e.setChain(tab[j]);
                tab[j] = e;
            }
        }
        table = tab;
        RESIZES.setVolatile(this, resizes + 1);
        return tab;
    }
}
