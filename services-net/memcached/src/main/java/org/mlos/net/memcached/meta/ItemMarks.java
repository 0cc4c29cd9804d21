package org.mlos.net.memcached.meta;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.net.memcached.FetchedMarks;
import org.mlos.net.memcached.Operations;

/**
 * What memcached keeps in an item's header for the meta commands and the store does not: stale
 * ({@code md I}), win token sent ({@code W}/{@code Z}), fetched ({@code h}), and whether the key
 * came base64-encoded. Each mark names the CAS unique of the item it belongs to, so any later
 * write (it changes the CAS) drops it without the store telling us, and a swapped store keeps
 * them right. Bounded: past {@link #CAPACITY} keys some marks are forgotten, which loses at most a
 * stale marker or a win token (the next client wins again), never an item.
 *
 * <p>The fetched mark, which every read sets, lives apart in the operations' {@link FetchedMarks}
 * (text and binary reads mark it there too); the map holds only the rare ones (stale, win token,
 * base64 key).
 */
public final class ItemMarks {

    static final int CAPACITY = 1 << 16;

    /** The marks of one item, valid while its CAS unique is {@code cas}. */
    record Mark(long cas, boolean stale, boolean tokenSent, boolean fetched, boolean binary) {

        Mark withCas(long newCas) {
            return new Mark(newCas, stale, tokenSent, fetched, binary);
        }
    }

    private final Map<String, Mark> marks = new ConcurrentHashMap<>();
    private final Operations ops;

    /** The marks of the items {@code ops} serves; one per server. */
    public ItemMarks(Operations ops) {
        this.ops = ops;
    }

    /** The marks of the item {@code key} whose CAS is {@code cas}; null if none, or if they belong to an older item. */
    Mark of(String key, long cas) {
        Mark m = marks.get(key);
        boolean wasFetched = fetched(key, cas);
        if (m != null && m.cas() == cas) {
            return m.fetched() == wasFetched ? m : new Mark(cas, m.stale(), m.tokenSent(), wasFetched, m.binary());
        }
        return wasFetched ? new Mark(cas, false, false, true, false) : null;
    }

    /** The rare marks (stale, win token, base64 key) kept for a key, whatever item they belong to; null if none. */
    Mark raw(String key) {
        return marks.get(key);
    }

    /** Whether any item may carry a mark: false until one is marked. */
    boolean inUse() {
        FetchedMarks f = ops.fetchedMarksIfTaken();
        return f != null && f.used() || !marks.isEmpty();
    }

    void put(String key, Mark mark) {
        if (mark.fetched()) {
            ops.fetchedMarks().mark(key, mark.cas());
        } else {
            FetchedMarks f = ops.fetchedMarksIfTaken();
            if (f != null) {
                f.clear(key, mark.cas());
            }
        }
        if (!mark.stale() && !mark.tokenSent() && !mark.binary()) {
            if (!marks.isEmpty()) {
                marks.remove(key);
            }
            return;
        }
        if (marks.size() >= CAPACITY && !marks.containsKey(key)) {
            forgetSome();
        }
        marks.put(key, mark.fetched() ? new Mark(mark.cas(), mark.stale(), mark.tokenSent(), false, mark.binary()) : mark);
    }

    private boolean fetched(String key, long cas) {
        FetchedMarks f = ops.fetchedMarksIfTaken();
        return f != null && f.fetched(key, cas);
    }

    void forget(String key) {
        marks.remove(key);
    }

    int size() {
        return marks.size();
    }

    private void forgetSome() {
        int n = CAPACITY / 8;
        for (Iterator<String> it = marks.keySet().iterator(); it.hasNext() && n > 0; n--) {
            it.next();
            it.remove();
        }
    }
}
