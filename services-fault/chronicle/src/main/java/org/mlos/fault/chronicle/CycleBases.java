package org.mlos.fault.chronicle;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The journal index each Chronicle cycle starts at. Excerpts carry nothing but the record: a
 * cycle's first index is the one before it's first plus the count of excerpts in it, and the
 * oldest cycle's is kept in a file ({@link BaseFile}). Known cycles are added as appenders reach
 * them and read without a lock.
 */
final class CycleBases {

    /** A cycle and the journal index of its first excerpt. */
    record Base(int cycle, long first) {
    }

    /** First journal index by cycle. */
    private final ConcurrentSkipListMap<Integer, Long> byCycle = new ConcurrentSkipListMap<>();
    /** The cycle holding each first index (of two cycles starting at one index, the later: the earlier is empty). */
    private final ConcurrentSkipListMap<Long, Integer> byIndex = new ConcurrentSkipListMap<>();
    /** The newest cycle known: every append but the first of a cycle looks only here. */
    private volatile Base newest;

    synchronized void started(int cycle, long first) {
        if (byCycle.putIfAbsent(cycle, first) == null) {
            byIndex.merge(first, cycle, Math::max);
            Base n = newest;
            if (n == null || cycle > n.cycle()) {
                newest = new Base(cycle, first);
            }
        }
    }

    /** The newest cycle known, or null if none is. */
    Base newest() {
        return newest;
    }

    /** The first index of {@code cycle}, or -1 if it is not known. */
    long firstOf(int cycle) {
        Long f = byCycle.get(cycle);
        return f == null ? -1 : f;
    }

    /** The cycle holding journal index {@code index} (the newest starting at or before it), or null. */
    Base holding(long index) {
        Map.Entry<Long, Integer> e = byIndex.floorEntry(index);
        return e == null ? null : new Base(e.getValue(), e.getKey());
    }

    /** The oldest cycle known, or null. */
    Base oldest() {
        Map.Entry<Integer, Long> e = byCycle.firstEntry();
        return e == null ? null : new Base(e.getKey(), e.getValue());
    }

    /** The cycle after {@code cycle}, or null if it is the newest known. */
    Base after(int cycle) {
        Map.Entry<Integer, Long> e = byCycle.higherEntry(cycle);
        return e == null ? null : new Base(e.getKey(), e.getValue());
    }

    synchronized void dropOldest() {
        Map.Entry<Integer, Long> e = byCycle.pollFirstEntry();
        if (e != null) {
            byIndex.remove(e.getValue(), e.getKey());
        }
    }

    int count() {
        return byCycle.size();
    }

    /** Every cycle known, oldest first. */
    Iterable<Integer> cycles() {
        return byCycle.keySet();
    }

    synchronized void clear() {
        byCycle.clear();
        byIndex.clear();
        newest = null;
    }
}
