package org.mlos.net.memcached;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** The server's own counters, named after memcached's, kept across store swaps. */
public final class ServerStats {

    final long startedMillis = System.currentTimeMillis();
    final AtomicInteger currConnections = new AtomicInteger();
    final LongAdder totalConnections = new LongAdder();
    final LongAdder cmdGet = new LongAdder();
    final LongAdder cmdSet = new LongAdder();
    final LongAdder cmdTouch = new LongAdder();
    final LongAdder cmdFlush = new LongAdder();
    final LongAdder getHits = new LongAdder();
    final LongAdder getMisses = new LongAdder();
    final LongAdder deleteHits = new LongAdder();
    final LongAdder deleteMisses = new LongAdder();
    final LongAdder incrHits = new LongAdder();
    final LongAdder incrMisses = new LongAdder();
    final LongAdder decrHits = new LongAdder();
    final LongAdder decrMisses = new LongAdder();
    final LongAdder casHits = new LongAdder();
    final LongAdder casMisses = new LongAdder();
    final LongAdder casBadValue = new LongAdder();
    final LongAdder touchHits = new LongAdder();
    final LongAdder touchMisses = new LongAdder();
    final LongAdder bytesRead = new LongAdder();
    final LongAdder bytesWritten = new LongAdder();
    final LongAdder protocolErrors = new LongAdder();
    /** Items stored and their sizes as memcached reckons them (header, key, flags, value): the stores count their own costs. */
    private final LongAdder storedItems = new LongAdder();
    private final LongAdder storedItemBytes = new LongAdder();

    public int currentConnections() {
        return currConnections.get();
    }

    public long protocolErrors() {
        return protocolErrors.sum();
    }

    void stored(long memcachedItemSize) {
        storedItems.increment();
        storedItemBytes.add(memcachedItemSize);
    }

    /** The average size, in memcached's reckoning, of the items stored since start; 0 before the first. */
    long averageItemSize() {
        long n = storedItems.sum();
        return n == 0 ? 0 : storedItemBytes.sum() / n;
    }

    /** {@code stats reset}: counters back to zero (gauges stay). */
    void reset() {
        for (LongAdder a : new LongAdder[] { cmdGet, cmdSet, cmdTouch, cmdFlush, getHits, getMisses, deleteHits,
                deleteMisses, incrHits, incrMisses, decrHits, decrMisses, casHits, casMisses, casBadValue, touchHits,
                touchMisses, bytesRead, bytesWritten, protocolErrors }) {
            a.reset();
        }
    }
}
