package org.mlos.net.memcached.admin;

import java.util.List;
import java.util.function.Supplier;

import org.mlos.net.memcached.CNumbers;
import org.mlos.net.memcached.FetchedMarks;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SessionControl;

/**
 * memcached's key dumps and LRU crawler over the text protocol: {@code stats cachedump <class>
 * <limit>}, {@code lru_crawler metadump all|hash|<classes>}, and the crawler's knobs ({@code crawl},
 * {@code tocrawl}, {@code sleep}, {@code enable}, {@code disable}), accepted with memcached
 * 1.6.18's checks and replies. {@code crawl}, {@code enable} and {@code disable} drive the
 * server's {@link ExpiryCrawler}; the stores keep no slab classes, so a crawl of any classes
 * crawls them all. {@code tocrawl} and {@code sleep} are kept for {@code stats settings} and tune
 * nothing: the crawler walks a part of the store at a time, not items between sleeps.
 * Each command answers into the output itself (null) or returns the error line to answer with.
 */
final class CrawlerCommands {

    /** memcached's MAX_NUMBER_OF_SLAB_CLASSES: class ids from it up are illegal. */
    private static final int SLAB_IDS = 64;

    private static final String BUSY = "BUSY currently processing crawler request";
    private static final String DISABLED = "CLIENT_ERROR lru crawler disabled";

    private final Supplier<Operator> operator;
    private final SessionControl session;
    private final Operations ops;

    CrawlerCommands(Supplier<Operator> operator, SessionControl session, Operations ops) {
        this.operator = operator;
        this.session = session;
        this.ops = ops;
    }

    /** {@code stats cachedump <class> <limit>}, split into words. */
    String cachedump(List<String> words, Output out) {
        if (words.size() < 4) {
            return "CLIENT_ERROR bad command line";
        }
        Long id = unsigned32(words.get(2));
        Long limit = unsigned32(words.get(3));
        if (id == null || limit == null) {
            return "CLIENT_ERROR bad command line format";
        }
        if (id >= SLAB_IDS) {
            return "CLIENT_ERROR Illegal slab id";
        }
        ItemSource items = operator.get().items();
        session.streamLater("cachedump", parts -> KeyDumps.cachedump(items, (int) (long) id, limit, parts)); // a walk: off the event loop
        return null;
    }

    /** An {@code lru_crawler} line, split into words. */
    String crawler(List<String> words, Output out) {
        if (words.size() == 3) {
            switch (words.get(1)) {
                case "metadump":
                    return metadump(words.get(2), out);
                case "crawl":
                    return crawl(words.get(2), out);
                case "tocrawl": {
                    Long items = unsigned32(words.get(2));
                    if (items == null) {
                        return "CLIENT_ERROR bad command line format";
                    }
                    ops.tunables().crawlerToCrawl(items);
                    return ok(out);
                }
                case "sleep": {
                    Long us = unsigned32(words.get(2));
                    if (us == null) {
                        return "CLIENT_ERROR bad command line format";
                    }
                    if (us > 1_000_000) {
                        return "CLIENT_ERROR sleep must be one second or less";
                    }
                    ops.tunables().crawlerSleep((int) (long) us);
                    return ok(out);
                }
                default:
                    break;
            }
        }
        if (words.size() == 2 && (words.get(1).equals("enable") || words.get(1).equals("disable"))) {
            ExpiryCrawler crawler = operator.get().crawler();
            boolean enable = words.get(1).equals("enable");
            if (crawler != null && enable && crawler.enabled()) {
                return "ERROR failed to start lru crawler thread"; // memcached's answer: it runs already
            }
            if (crawler != null) {
                crawler.enabled(enable);
            }
            return ok(out);
        }
        return "ERROR";
    }

    /**
     * {@code lru_crawler crawl <classes>|all}: a pass of the crawler now, in memcached's order of
     * checks. A crawl is under way from the request until its pass ends, as memcached's
     * {@code lru_crawler_running}: another request meanwhile is BUSY. {@code hash} walks only for a
     * metadump in memcached 1.6.18, which answers a crawl of it with its unknown error.
     */
    private String crawl(String which, Output out) {
        ExpiryCrawler crawler = operator.get().crawler();
        if (crawler == null || !crawler.enabled()) {
            return DISABLED; // no crawler is memcached's lru_crawler no (stats settings says so)
        }
        boolean hash = which.equals("hash");
        if (!hash && classes(which) == null) {
            return "BADCLASS invalid class id";
        }
        if (hash) {
            return crawler.busy() ? BUSY : "ERROR an unknown error happened";
        }
        return crawler.crawlNow() ? ok(out) : BUSY; // the stores keep no classes: every class is crawled
    }

    /**
     * memcached streams a metadump on the connection by itself, so it refuses one behind
     * unanswered commands. Here a metadump lists through the store, not the crawler, so it needs
     * none (an embedding may run without), but a disabled one refuses it as memcached's does.
     * {@code hash} (memcached walks its hash table) lists every item, as {@code all}. It asks for
     * the fetched bits ({@code fetch=}), which reads mark from then on.
     */
    private String metadump(String which, Output out) {
        ExpiryCrawler crawler = operator.get().crawler();
        if (crawler != null && !crawler.enabled()) {
            return DISABLED;
        }
        if (out.size() > 0) {
            return "ERROR cannot pipeline other commands before metadump";
        }
        boolean all = which.equals("all") || which.equals("hash");
        boolean[] classes = all ? null : classes(which);
        if (!all && classes == null) {
            return "BADCLASS invalid class id";
        }
        ItemSource items = operator.get().items();
        FetchedMarks fetched = ops.fetchedMarks();
        session.streamLater("metadump", parts -> KeyDumps.metadump(items, classes, fetched, parts)); // answered as it walks
        return null;
    }

    /** A list of class ids such as {@code 1,3,10}; null if one is not a class. */
    private static boolean[] classes(String list) {
        if (list.equals("all")) {
            return new boolean[SLAB_IDS];
        }
        boolean[] out = new boolean[SLAB_IDS];
        for (String id : list.split(",")) {
            Long n = unsigned32(id);
            if (n == null || n < 1 || n >= SLAB_IDS) {
                return null;
            }
            out[(int) (long) n] = true;
        }
        return out;
    }

    /** As memcached reads these numbers (safe_strtoul). */
    private static Long unsigned32(String s) {
        return CNumbers.uint32(s);
    }

    private static String ok(Output out) {
        out.line("OK");
        return null;
    }
}
