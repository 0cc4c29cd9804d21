package org.mlos.net.memcached.admin;

import java.util.List;
import java.util.function.Supplier;

import org.mlos.net.memcached.CNumbers;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SessionControl;

/**
 * memcached's key dumps and LRU crawler over the text protocol: {@code stats cachedump <class>
 * <limit>}, {@code lru_crawler metadump all|<classes>}, and the crawler's knobs ({@code crawl},
 * {@code tocrawl}, {@code sleep}, {@code enable}, {@code disable}), accepted with memcached
 * 1.6.18's checks and replies. {@code crawl}, {@code enable} and {@code disable} drive the
 * server's {@link ExpiryCrawler}; the stores keep no slab classes, so a crawl of any classes
 * crawls them all, and {@code tocrawl} and {@code sleep} are checked and have nothing to tune.
 * Each command answers into the output itself (null) or returns the error line to answer with.
 */
final class CrawlerCommands {

    /** memcached's MAX_NUMBER_OF_SLAB_CLASSES: class ids from it up are illegal. */
    private static final int SLAB_IDS = 64;

    private final Supplier<Operator> operator;
    private final SessionControl session;

    CrawlerCommands(Supplier<Operator> operator, SessionControl session) {
        this.operator = operator;
        this.session = session;
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
                case "crawl": {
                    ExpiryCrawler crawler = operator.get().crawler();
                    if (crawler != null && !crawler.enabled()) {
                        return "CLIENT_ERROR lru crawler disabled";
                    }
                    if (classes(words.get(2)) == null) {
                        return "BADCLASS invalid class id";
                    }
                    if (crawler != null && !crawler.crawlNow()) { // the stores keep no classes: every class is crawled
                        return "BUSY currently processing crawler request";
                    }
                    return ok(out);
                }
                case "tocrawl":
                    return unsigned32(words.get(2)) == null ? "CLIENT_ERROR bad command line format" : ok(out);
                case "sleep": {
                    Long us = unsigned32(words.get(2));
                    return us == null ? "CLIENT_ERROR bad command line format"
                            : us > 1_000_000 ? "CLIENT_ERROR sleep must be one second or less" : ok(out);
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

    /** memcached streams a metadump on the connection by itself, so it refuses one behind unanswered commands. */
    private String metadump(String which, Output out) {
        if (out.size() > 0) {
            return "ERROR cannot pipeline other commands before metadump";
        }
        boolean[] classes = which.equals("all") ? null : classes(which);
        if (!which.equals("all") && classes == null) {
            return "BADCLASS invalid class id";
        }
        ItemSource items = operator.get().items();
        session.streamLater("metadump", parts -> KeyDumps.metadump(items, classes, parts)); // answered as it walks
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
