package org.mlos.net.memcached.admin;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.mlos.core.api.NoImplementationException;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.net.memcached.ItemSizeTally;
import org.mlos.net.memcached.ServerStats;

/**
 * memcached's LRU crawler as far as clients see it: expired and flushed items are removed in the
 * background ({@link KeyValueStore#reclaimDead}), so {@code curr_items} and {@code bytes} follow
 * what clients can still read. Without it a dead item stayed counted until read or evicted.
 *
 * <p>Each pass walks the whole store, on a thread of its own, a part at a time
 * ({@link KeyValueStore#reclaimDead(int)}), each part its own call through the handle: a store
 * swap drains the calls under way and rolls back if they outlast its wait (5 s), and a whole pass
 * over a 1 GB store took up to 8 s; a part takes milliseconds. Between parts the pass checks that
 * it is still current, so a disable or a close stops it after the part under way, not after the
 * whole pass. The next pass waits a hundred times as long as this one took ({@link #waitAfter}),
 * within {@value #MIN_WAIT_MS} ms and {@value #MAX_WAIT_MS} ms (memcached's crawler too waits an
 * hour at most, {@code MAX_MAINTCRAWL_WAIT}): the crawler spends about 1% of one core at most, and
 * a small store is crawled every two seconds. The ceiling was a minute once: a pass over 5.4 M
 * items took 2.4 s, so that crawler took 4% of a core, and on a 2-core machine under load every
 * pass was throughput the clients lost.
 * {@code lru_crawler crawl} starts a pass at once, {@code lru_crawler disable} stops the passes
 * until {@code enable}, as in memcached (enabled by default). A requested crawl is under way from
 * the request, as memcached's (its {@code lru_crawler_running} is set by the request, not by its
 * thread): another request before the pass ends is refused. Its state is told to the server's
 * statistics ({@code stats settings}' lru_crawler, {@code stats}' lru_crawler_running).
 */
public final class ExpiryCrawler implements AutoCloseable {

    static final long MIN_WAIT_MS = 2_000;
    static final long MAX_WAIT_MS = 3_600_000;
    private static final System.Logger LOG = System.getLogger(ExpiryCrawler.class.getName());

    private final KeyValueStore store;
    private final ServerStats stats;
    private final boolean periodic;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mlos-memcached-crawler");
        t.setDaemon(true);
        return t;
    });
    // Guarded by this. A pass runs only if it was scheduled in the current generation: a crawl
    // request or an enable starts a new one, so a pass scheduled before either runs no more, and
    // one chain of passes is ever alive (a FutureTask cancels even while it runs).
    private boolean enabled = true;
    private boolean running;
    /** A crawl was requested and its pass has not started yet. */
    private boolean requested;
    private long generation;
    private ScheduledFuture<?> next;
    private long passes;

    /** Starts crawling {@code store} (a kernel's handle follows swaps), the first pass at once; passes counted in {@code stats}. */
    public ExpiryCrawler(KeyValueStore store, ServerStats stats) {
        this(store, stats, true);
    }

    /**
     * As above; with {@code periodic} false only the first pass and those {@code lru_crawler crawl}
     * asks for run (tests that compare counters with memcached's, which a background pass in
     * between would move).
     */
    public ExpiryCrawler(KeyValueStore store, ServerStats stats, boolean periodic) {
        this.store = store;
        this.stats = stats;
        this.periodic = periodic;
        synchronized (this) {
            schedule(0);
            told();
        }
    }

    /**
     * {@code lru_crawler crawl}: a pass now. False while a crawl is under way, requested or
     * running (memcached answers BUSY), or the crawler is disabled.
     */
    public synchronized boolean crawlNow() {
        if (!enabled || busy()) {
            return false;
        }
        requested = true;
        restart();
        told();
        return true;
    }

    /** Whether a crawl is under way: requested, or a pass running. */
    public synchronized boolean busy() {
        return running || requested;
    }

    /** The statistics follow this crawler's state; called under the lock, at each change. */
    private void told() {
        stats.crawler(enabled, running || requested);
    }

    /** {@code lru_crawler enable} / {@code disable}. */
    public synchronized void enabled(boolean on) {
        if (on && !enabled) {
            enabled = true;
            restart();
        } else if (!on) {
            enabled = false;
            requested = false; // its pass will not run; one running stops after its part
            generation++;
            if (next != null) {
                next.cancel(false);
            }
        }
        told();
    }

    public synchronized boolean enabled() {
        return enabled;
    }

    /** Passes ended, whole or stopped after a part by a disable or close (tests wait on it). */
    public synchronized long passes() {
        return passes;
    }

    private void restart() {
        generation++;
        if (next != null) {
            next.cancel(false);
        }
        schedule(0);
    }

    private void schedule(long delayMs) {
        if (enabled && !thread.isShutdown()) {
            long g = generation;
            next = thread.schedule(() -> pass(g), delayMs, TimeUnit.MILLISECONDS);
        }
    }

    private void pass(long scheduledIn) {
        synchronized (this) {
            if (!current(scheduledIn)) {
                return; // superseded by a crawl request, an enable or a disable
            }
            running = true;
            requested = false;
            told();
        }
        stats.crawlerStarted();
        long start = System.nanoTime();
        try {
            // The parts read once a pass, not at each step: each read is a call through the handle,
            // and an idle node counted some 260 calls a second of its store, its crawler's. A store
            // swapped in between two parts answers a part out of its range with nothing; one of
            // another count makes the pass no whole one, and the next pass walks it whole.
            ItemSizeTally live = new ItemSizeTally();
            int parts = store.reclaimParts();
            int part = 0;
            for (; part < parts && current(scheduledIn); part++) {
                long liveBefore = live.total();
                long reclaimed = store.reclaimDead(part, live);
                stats.crawled(live.total() - liveBefore + reclaimed, reclaimed);
            }
            if (part >= parts && store.reclaimParts() == parts) {
                stats.walked(live); // a whole pass: the per-class figures of stats items and slabs
            }
        } catch (NoImplementationException e) {
            // no store serves the kind now (the node stopping, its store bundles gone first):
            // nothing to crawl, nothing failed; the next pass crawls whichever store serves then
            LOG.log(System.Logger.Level.DEBUG, () -> "expiry crawl skipped: " + e.getMessage());
        } catch (Throwable e) {
            // a store swapped out mid-walk, or one that failed (even out of memory): the next pass tries again
            LOG.log(System.Logger.Level.WARNING, "expiry crawl failed; the next pass tries again: " + e);
        } finally {
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            synchronized (this) {
                running = false;
                passes++;
                if (scheduledIn == generation && periodic) {
                    schedule(waitAfter(tookMs));
                }
                told();
            }
        }
    }

    /** How long the next periodic pass waits after one that took {@code tookMs}: a hundred times as long, within the bounds. */
    static long waitAfter(long tookMs) {
        return Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, tookMs * 100));
    }

    /** Whether a pass scheduled in generation {@code g} may go on: not superseded, disabled or closed since. */
    private synchronized boolean current(long g) {
        return g == generation && enabled;
    }

    /** Stops the passes, waiting a moment for the part under way (it walks a store that may be going away). */
    @Override
    public void close() {
        synchronized (this) {
            enabled = false;
            requested = false;
            generation++;
            told();
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
