package org.mlos.net.memcached;

/**
 * The settings an operator changes at run time, shared by every connection of a server as
 * memcached's are global, and shown by {@code stats settings}.
 */
public final class Tunables {

    /** memcached's MAX_VERBOSITY_LEVEL: a higher level asked for is taken as this. */
    public static final int MAX_VERBOSITY = 2;

    /**
     * The level {@code verbosity} set (memcached's {@code -v} count): 1 and up logs each request
     * answered with an error, 2 and up each request and each connection opened and closed
     * ({@link VerboseLog}).
     */
    private volatile int verbosity;
    /**
     * What {@code slabs automove} last set (memcached's default 1). Reported, not acted on: the
     * slab store moves a page to a class out of chunks by itself, whatever this says.
     */
    private volatile int slabAutomove = 1;

    /**
     * What {@code slabs automove ratio} last set (memcached's default 0.8): reported, not acted on,
     * as {@link #slabAutomove}.
     */
    private volatile double slabAutomoveRatio = 0.8;
    /**
     * What {@code lru_crawler sleep} and {@code tocrawl} last set (memcached's defaults: 100 us
     * between batches of items, 0 = no limit of items per class). Reported, not acted on: the
     * expiry crawler walks a part of the store at a time and waits between passes by itself.
     */
    private volatile int crawlerSleep = 100;
    private volatile long crawlerToCrawl;

    public int verbosity() {
        return verbosity;
    }

    /** Sets the level a request asked for, capped as memcached caps it. */
    public void verbosity(long asked) {
        verbosity = (int) Math.min(MAX_VERBOSITY, Math.max(0, asked));
    }

    public int slabAutomove() {
        return slabAutomove;
    }

    public void slabAutomove(int mode) {
        if (mode < 0 || mode > 2) {
            throw new IllegalArgumentException("slabs automove takes 0, 1 or 2, not " + mode);
        }
        slabAutomove = mode;
    }

    public double slabAutomoveRatio() {
        return slabAutomoveRatio;
    }

    public void slabAutomoveRatio(double ratio) {
        slabAutomoveRatio = ratio;
    }

    public int crawlerSleep() {
        return crawlerSleep;
    }

    public void crawlerSleep(int microseconds) {
        crawlerSleep = microseconds;
    }

    public long crawlerToCrawl() {
        return crawlerToCrawl;
    }

    public void crawlerToCrawl(long items) {
        crawlerToCrawl = items;
    }
}
