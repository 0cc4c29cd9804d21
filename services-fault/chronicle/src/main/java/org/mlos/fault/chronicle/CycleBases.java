package org.mlos.fault.chronicle;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The journal index each Chronicle cycle holding records starts at. Written by the appender
 * that writes a cycle's first excerpt, while it holds Chronicle's write lock (so before any
 * other excerpt of that cycle), read by every appender after it and by readers without a lock.
 */
final class CycleBases {

    /** A cycle and the journal index of its first excerpt. */
    record Base(int cycle, long first) {
    }

    private final ConcurrentSkipListMap<Long, Integer> byIndex = new ConcurrentSkipListMap<>();
    /** The newest cycle holding records: every append but a cycle's first looks only here. */
    private volatile Base newest;

    void started(int cycle, long first) {
        byIndex.put(first, cycle);
        newest = new Base(cycle, first);
    }

    /** The newest cycle holding records, or null if none does. */
    Base newest() {
        return newest;
    }

    /** The cycle holding journal index {@code index} (the one starting at or before it), or null. */
    Base holding(long index) {
        Map.Entry<Long, Integer> e = byIndex.floorEntry(index);
        return e == null ? null : new Base(e.getValue(), e.getKey());
    }

    /** The oldest cycle holding records, or null. */
    Base oldest() {
        Map.Entry<Long, Integer> e = byIndex.firstEntry();
        return e == null ? null : new Base(e.getValue(), e.getKey());
    }

    /** The journal index the cycle after {@code b} starts at, or -1 if {@code b} is the newest. */
    long firstAfter(Base b) {
        Long k = byIndex.higherKey(b.first());
        return k == null ? -1 : k;
    }

    void dropOldest() {
        byIndex.pollFirstEntry();
    }

    int count() {
        return byIndex.size();
    }

    /** Every cycle holding records, oldest first. */
    Iterable<Integer> cycles() {
        return byIndex.values();
    }

    void clear() {
        byIndex.clear();
        newest = null;
    }
}
