package org.mlos.net.memcached.admin;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.net.memcached.ServerStats;

/**
 * memcached's LRU crawler as far as clients see it: expired and flushed items are removed in the
 * background ({@link KeyValueStore#reclaimDead}), so {@code curr_items} and {@code bytes} follow
 * what clients can still read. Without it a dead item stayed counted until read or evicted.
 *
 * <p>Each pass walks the whole store, on a thread of its own. The next pass waits a hundred times
 * as long as this one took, within {@value #MIN_WAIT_MS} ms and {@value #MAX_WAIT_MS} ms: the
 * crawler spends at most about 1% of one core, and a small store is crawled every two seconds.
 * {@code lru_crawler crawl} starts a pass at once, {@code lru_crawler disable} stops the passes
 * until {@code enable}, as in memcached (enabled by default).
 */
public final class ExpiryCrawler implements AutoCloseable {

    static final long MIN_WAIT_MS = 2_000;
    static final long MAX_WAIT_MS = 60_000;
    private static final System.Logger LOG = System.getLogger(ExpiryCrawler.class.getName());

    private final KeyValueStore store;
    private final ServerStats stats;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mlos-memcached-crawler");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean enabled = true;
    private ScheduledFuture<?> next;
    private long passes;

    /** Starts crawling {@code store} (a kernel's handle follows swaps), the first pass at once; passes counted in {@code stats}. */
    public ExpiryCrawler(KeyValueStore store, ServerStats stats) {
        this.store = store;
        this.stats = stats;
        schedule(0);
    }

    /** {@code lru_crawler crawl}: a pass now, unless one is running or the crawler is disabled. */
    public synchronized void crawlNow() {
        if (enabled && (next == null || next.cancel(false))) {
            schedule(0);
        }
    }

    /** {@code lru_crawler enable} / {@code disable}. */
    public synchronized void enabled(boolean on) {
        if (on && !enabled) {
            enabled = true;
            schedule(0);
        } else if (!on) {
            enabled = false;
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Passes completed (tests wait on it). */
    public synchronized long passes() {
        return passes;
    }

    private synchronized void schedule(long delayMs) {
        if (enabled && !thread.isShutdown()) {
            next = thread.schedule(this::pass, delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void pass() {
        stats.crawlerStarted();
        long start = System.nanoTime();
        try {
            store.reclaimDead();
        } catch (RuntimeException e) {
            // a store swapped out mid-walk, or one that failed: the next pass tries again
            LOG.log(System.Logger.Level.DEBUG, "expiry crawl failed; the next pass tries again", e);
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        synchronized (this) {
            passes++;
        }
        schedule(Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, tookMs * 100)));
    }

    @Override
    public void close() {
        synchronized (this) {
            enabled = false;
        }
        thread.shutdownNow();
    }
}
