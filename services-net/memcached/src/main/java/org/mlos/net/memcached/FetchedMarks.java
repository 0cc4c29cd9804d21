package org.mlos.net.memcached;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Which items have been fetched (memcached's {@code ITEM_FETCHED}: meta's {@code h}, {@code me}'s
 * and metadump's {@code fetch=}): a direct-mapped table of fingerprints of (key, CAS unique),
 * kept beside the store. memcached sets the bit on every read (text get, gets, gat, gats, touch;
 * binary GET, GETK, GETQ, GETKQ, GAT, GATQ, TOUCH; mg), so this is the mark on the hot path: kept
 * in a map with the rarer meta marks, it was a map insert per {@code mg} once the keys outnumbered
 * the map's bound, ~18% of a meta node's time. Here a mark is one plain store into a long array,
 * made only when it changes, and reading it takes no lock and allocates nothing.
 *
 * <p>Taken by {@link Operations#fetchedMarks()} on the first meta command or metadump, not at
 * start: a node whose clients never use them pays neither the 2 MB nor, on each get, the memory
 * miss of marking. Reads before then are not recorded.
 *
 * <p>Lossy: two items whose fingerprints land in one slot take turns, the later one pushing the
 * earlier out, which then reports {@code h0} until fetched again. A false {@code h1} needs two
 * items with equal 64-bit fingerprints in one slot. Slots are read and written racily on purpose
 * (from every event loop): a lost mark costs one {@code h0}, never an item.
 */
public final class FetchedMarks {

    /** 2^18 slots: 2 MB. */
    static final int SLOTS = 1 << 18;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] slots = new long[SLOTS];
    /** Whether anything was ever marked: until then no item carries a mark worth keeping across a write. */
    private volatile boolean used;

    FetchedMarks() {
    }

    /** A non-zero fingerprint of the item {@code key} whose CAS unique is {@code cas}. */
    static long fingerprint(String key, long cas) {
        long h = (key.hashCode() * 0x9E3779B97F4A7C15L) ^ (cas * 0xC2B2AE3D27D4EB4FL) ^ key.length();
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return h == 0 ? 1 : h;
    }

    private static int slot(long fingerprint) {
        return (int) (fingerprint >>> 40) & (SLOTS - 1);
    }

    public boolean fetched(String key, long cas) {
        long fp = fingerprint(key, cas);
        return (long) SLOT.getOpaque(slots, slot(fp)) == fp;
    }

    public void mark(String key, long cas) {
        long fp = fingerprint(key, cas);
        int i = slot(fp);
        if ((long) SLOT.getOpaque(slots, i) != fp) { // no write when marked: a hot item's line stays shared
            SLOT.setOpaque(slots, i, fp);
            if (!used) {
                used = true;
            }
        }
    }

    public void clear(String key, long cas) {
        long fp = fingerprint(key, cas);
        int i = slot(fp);
        if ((long) SLOT.getOpaque(slots, i) == fp) {
            SLOT.setOpaque(slots, i, 0L);
        }
    }

    /** Whether any item was ever marked fetched. */
    public boolean used() {
        return used;
    }
}
