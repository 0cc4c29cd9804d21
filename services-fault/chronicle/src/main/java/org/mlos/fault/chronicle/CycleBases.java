package org.mlos.fault.chronicle;

import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * The journal index each Chronicle cycle starts at. Excerpts carry nothing but the record: a
 * cycle's first index is the one before's first plus the count of excerpts in it, and the
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

    /**
     * Learns the first index of every cycle that has a file: forward from the one the base file
     * names (or the oldest), and back from it for older ones (a retention that stopped between
     * writing the base file and deleting them).
     */
    synchronized void load(NavigableSet<Long> found, BaseFile.Base base, ExcerptTailer t) {
        clear();
        if (found.isEmpty()) {
            return;
        }
        long anchor = base.cycle() >= 0 && found.contains((long) base.cycle()) ? base.cycle() : found.first();
        long at = base.first();
        for (long c : found.tailSet(anchor, true)) {
            started((int) c, at);
            at += count(t, (int) c);
        }
        at = base.first();
        for (long c : found.headSet(anchor, false).descendingSet()) {
            at -= count(t, (int) c);
            started((int) c, at);
        }
    }

    /**
     * The first index of a cycle an appender just reached, learning the cycles up to it: the
     * ones before it are complete (Chronicle's write lock orders appends and the clock never goes
     * back), so their counts give it. -1 if it is older than the newest known.
     *
     * @param emptyFirst the first index when no cycle is known (an empty journal)
     */
    synchronized long reach(int cycle, long emptyFirst, Supplier<ExcerptTailer> tailers) {
        Long f = byCycle.get(cycle);
        if (f != null) {
            return f;
        }
        Base n = newest;
        if (n == null) {
            started(cycle, emptyFirst);
        } else if (n.cycle() < cycle) {
            try (ExcerptTailer t = tailers.get()) {
                long at = n.first();
                for (int c = n.cycle(); c < cycle; c++) {
                    at += count(t, c);
                    started(c + 1, at);
                }
            }
        }
        return firstOf(cycle);
    }

    private static long count(ExcerptTailer t, int cycle) {
        return Math.max(0, t.excerptsInCycle(cycle));
    }

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
