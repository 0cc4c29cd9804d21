package org.mlos.net.memcached.admin;

import java.util.List;
import java.util.Set;

import org.mlos.net.memcached.CNumbers;
import org.mlos.net.memcached.Tunables;

/**
 * memcached's tuning commands for machinery of its own: {@code slabs}, {@code lru} and
 * {@code watch}. Each gets the reply memcached 1.6.18 gives when configured as close to this node
 * as it can be ({@code -o no_slab_reassign,no_lru_maintainer}: pages never move on request, no LRU
 * maintainer thread), so an operator's script reads memcached's words: {@code slabs reassign} is
 * refused as disabled, {@code slabs automove 0|1|2} and {@code slabs automove ratio <r>} are
 * accepted and shown by {@code stats settings} (the slab store moves a page to a class out of chunks by itself either way),
 * {@code lru mode}/{@code temp_ttl} are {@code ERROR} as without a maintainer, and {@code watch}
 * is refused with memcached's own failure to add a watcher: the node has no log stream.
 */
final class TuningCommands {

    /** The log streams memcached 1.6.18's {@code watch} knows; anything else is its ERROR. */
    private static final Set<String> WATCH_STREAMS = Set.of("rawcmds", "evictions", "fetchers", "mutations",
            "sysevents", "connevents", "proxyreqs", "proxyevents", "proxyuser", "deletions");

    private final Tunables tunables;

    TuningCommands(Tunables tunables) {
        this.tunables = tunables;
    }

    /** The reply to a {@code slabs}, {@code lru} or {@code watch} line, split into words. */
    String answer(List<String> words) {
        switch (words.get(0)) {
            case "slabs":
                return slabs(words);
            case "lru":
                // memcached without an LRU maintainer refuses mode and temp_ttl; tune would set
                // hot and warm segments this node does not have
                return "ERROR";
            default:
                return watch(words);
        }
    }

    private String slabs(List<String> words) {
        if (words.size() == 4 && words.get(1).equals("reassign")) {
            return "CLIENT_ERROR slab reassignment disabled";
        }
        if (words.size() >= 3 && words.get(1).equals("automove")) {
            if (words.get(2).equals("ratio")) {
                // the ratio tunes memcached's automove thread: kept for stats settings, as memcached keeps it, and unused
                if (words.size() < 4 || !isDouble(words.get(3))) {
                    return "ERROR";
                }
                tunables.slabAutomoveRatio(Double.parseDouble(words.get(3)));
                return "OK";
            }
            Long level = CNumbers.uint32(words.get(2));
            if (level == null) {
                return "CLIENT_ERROR bad command line format";
            }
            if (level > 2) {
                return "ERROR";
            }
            tunables.slabAutomove((int) (long) level);
            return "OK";
        }
        return "ERROR";
    }

    private static String watch(List<String> words) {
        for (String stream : words.subList(1, words.size())) {
            if (!WATCH_STREAMS.contains(stream)) {
                return "ERROR";
            }
        }
        return "WATCHER_FAILED failed to add log watcher";
    }

    /** A finite number: 1e400 parsed to Infinity, which broke every later {@code stats settings}; memcached refuses it. */
    private static boolean isDouble(String s) {
        try {
            return !s.isEmpty() && !Character.isLetter(s.charAt(s.length() - 1)) && Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
