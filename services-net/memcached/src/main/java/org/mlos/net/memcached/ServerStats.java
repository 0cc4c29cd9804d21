package org.mlos.net.memcached;

import java.util.concurrent.atomic.AtomicInteger;

/** The server's own counters, named after memcached's, kept across store swaps. */
public final class ServerStats {

    /** How the counters are kept: {@code percore} (a representative per core, the default) or {@code shared} (one for all). */
    public enum Layout {
        PERCORE, SHARED;

        /** The layout a setting names, or a clear error naming the two. */
        public static Layout of(String setting) {
            for (Layout l : values()) {
                if (l.name().equalsIgnoreCase(setting.trim())) {
                    return l;
                }
            }
            throw new IllegalArgumentException("stats counters '" + setting + "' is not a layout: use percore"
                    + " (a representative per core, the default) or shared (one for every thread, for comparison)");
        }
    }

    private final StripedCounters counters = new StripedCounters();
    final Layout layout;
    final long startedMillis = System.currentTimeMillis();
    final AtomicInteger currConnections = new AtomicInteger();
    private final AtomicInteger waitingConnections = new AtomicInteger();
    final StripedCounters.Counter totalConnections = counters.counter();
    final StripedCounters.Counter rejectedConnections = counters.counter();
    final StripedCounters.Counter cmdGet = counters.counter();
    final StripedCounters.Counter cmdSet = counters.counter();
    final StripedCounters.Counter cmdTouch = counters.counter();
    final StripedCounters.Counter cmdFlush = counters.counter();
    final StripedCounters.Counter getHits = counters.counter();
    final StripedCounters.Counter getMisses = counters.counter();
    final StripedCounters.Counter deleteHits = counters.counter();
    final StripedCounters.Counter deleteMisses = counters.counter();
    final StripedCounters.Counter incrHits = counters.counter();
    final StripedCounters.Counter incrMisses = counters.counter();
    final StripedCounters.Counter decrHits = counters.counter();
    final StripedCounters.Counter decrMisses = counters.counter();
    final StripedCounters.Counter casHits = counters.counter();
    final StripedCounters.Counter casMisses = counters.counter();
    final StripedCounters.Counter casBadValue = counters.counter();
    final StripedCounters.Counter touchHits = counters.counter();
    final StripedCounters.Counter touchMisses = counters.counter();
    final StripedCounters.Counter bytesRead = counters.counter();
    final StripedCounters.Counter bytesWritten = counters.counter();
    final StripedCounters.Counter protocolErrors = counters.counter();
    /** {@code me} requests that reached the store, which is what memcached 1.6.18 counts as cmd_meta. */
    final StripedCounters.Counter cmdMeta = counters.counter();
    final StripedCounters.Counter storeTooLarge = counters.counter();
    final StripedCounters.Counter storeNoMemory = counters.counter();
    final StripedCounters.Counter authCmds = counters.counter();
    final StripedCounters.Counter authErrors = counters.counter();
    /** Passes of the expiry crawler ({@code lru_crawler_starts}). */
    final StripedCounters.Counter crawlerStarts = counters.counter();
    /** Items the expiry crawler removed ({@code crawler_reclaimed}; memcached does not count them in {@code reclaimed}). */
    final StripedCounters.Counter crawlerReclaimed = counters.counter();
    /** Items the expiry crawler looked at, live or dead ({@code crawler_items_checked}). */
    final StripedCounters.Counter crawlerItemsChecked = counters.counter();
    /** Whether the server still listens: an enabled {@code shutdown} stops it ({@code accepting_conns}). */
    private volatile boolean accepting = true;
    /** Items stored and their sizes as memcached reckons them (header, key, flags, value): the stores count their own costs. */
    private final StripedCounters.Counter storedItems = counters.counter();
    private final StripedCounters.Counter storedItemBytes = counters.counter();

    /** The expiry crawler starts a pass. */
    public void crawlerStarted() {
        crawlerStarts.increment();
    }

    /** Whether an expiry crawler runs passes ({@code stats settings}' lru_crawler; memcached's {@code settings.lru_crawler}). */
    private volatile boolean crawlerEnabled;
    /** Whether a crawl is under way, from its request to its pass's end ({@code stats}' lru_crawler_running). */
    private volatile boolean crawlerRunning;

    /** The expiry crawler's state now, as it changes: enabled (passes run), running (a crawl under way). */
    public void crawler(boolean enabled, boolean running) {
        crawlerEnabled = enabled;
        crawlerRunning = running;
    }

    boolean crawlerEnabled() {
        return crawlerEnabled;
    }

    boolean crawlerRunning() {
        return crawlerRunning;
    }

    /** The live items' sizes as the last whole crawler pass found them; null before one. */
    private volatile ItemSizeTally lastWalk;

    /** A crawler pass walked the whole store and found these live items. */
    public void walked(ItemSizeTally live) {
        lastWalk = live;
    }

    /** The live items' sizes as of the last whole crawler pass; null if none has finished. */
    ItemSizeTally lastWalk() {
        return lastWalk;
    }

    /** The expiry crawler looked at {@code checked} items and removed {@code reclaimed} of them, dead. */
    public void crawled(long checked, long reclaimed) {
        crawlerItemsChecked.add(checked);
        crawlerReclaimed.add(reclaimed);
    }

    public ServerStats() {
        this(Layout.PERCORE);
    }

    public ServerStats(Layout layout) {
        this.layout = layout;
        if (layout == Layout.SHARED) {
            counters.shareOneRepresentative();
        }
    }

    /**
     * The server's backlog: connections waiting with requests read and not yet answered (their
     * client reads replies slower than it sends, so the connection paused until its output
     * drains). A gauge a node publishes as load (issue 16).
     */
    public int waitingConnections() {
        return waitingConnections.get();
    }

    void waiting(boolean now) {
        if (now) {
            waitingConnections.incrementAndGet();
        } else {
            waitingConnections.decrementAndGet();
        }
    }

    public int currentConnections() {
        return currConnections.get();
    }

    public long protocolErrors() {
        return protocolErrors.sum();
    }

    /**
     * The store operations the clients asked for since the server started (or the last {@code stats
     * reset}): keys fetched, stores, touches, deletes, increments and decrements, as {@code stats}
     * counts them. A node's load is these: the store's own counters also count the node's health
     * probe, one read a second, more during a swap's probation.
     */
    public long clientOperations() {
        return cmdGet.sum() + cmdSet.sum() + cmdTouch.sum() + deleteHits.sum() + deleteMisses.sum() + incrHits.sum()
                + incrMisses.sum() + decrHits.sum() + decrMisses.sum();
    }

    /**
     * An authentication attempt ended, counted as memcached counts {@code auth_cmds} and
     * {@code auth_errors}: a text token or a SASL exchange that succeeded or failed (a SASL
     * exchange asking to continue is not counted until it ends).
     */
    public void authentication(boolean succeeded) {
        authCmds.increment();
        if (!succeeded) {
            authErrors.increment();
        }
    }

    /** The server stopped listening (an enabled {@code shutdown}). */
    public void stoppedAccepting() {
        accepting = false;
    }

    boolean accepting() {
        return accepting;
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

    /**
     * {@code stats reset}: counters back to zero, as memcached 1.6.18's stats_reset zeroes its
     * global, per-thread and per-class counters (lru_crawler_starts, crawler_reclaimed and
     * crawler_items_checked among them); gauges stay (curr_connections, the crawler's state, the
     * per-class item counts of its last pass).
     */
    void reset() {
        for (StripedCounters.Counter a : new StripedCounters.Counter[] { totalConnections, rejectedConnections, cmdGet, cmdSet,
                cmdTouch, cmdFlush, getHits, getMisses, deleteHits,
                deleteMisses, incrHits, incrMisses, decrHits, decrMisses, casHits, casMisses, casBadValue, touchHits,
                touchMisses, bytesRead, bytesWritten, protocolErrors, cmdMeta, storeTooLarge, storeNoMemory, authCmds, authErrors,
                crawlerStarts, crawlerReclaimed, crawlerItemsChecked }) {
            a.reset();
        }
    }
}
