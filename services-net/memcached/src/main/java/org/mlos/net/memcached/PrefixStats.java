package org.mlos.net.memcached;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code stats detail}: gets, hits, sets and deletes per key prefix (the part before the first
 * {@code :}), counted only while turned on, as memcached counts them. Keys without the delimiter
 * are not counted. Bounded: past {@link #PREFIXES_MAX} prefixes new ones are not counted.
 */
public final class PrefixStats {

    static final int PREFIXES_MAX = 4096;
    private static final char DELIMITER = ':';

    private static final class Counts {
        final LongAdder gets = new LongAdder();
        final LongAdder hits = new LongAdder();
        final LongAdder sets = new LongAdder();
        final LongAdder deletes = new LongAdder();
    }

    private final Map<String, Counts> prefixes = new ConcurrentHashMap<>();
    private volatile boolean enabled;

    boolean enabled() {
        return enabled;
    }

    public void enable(boolean on) {
        enabled = on;
    }

    void get(String key, boolean hit) {
        Counts c = counts(key);
        if (c != null) {
            c.gets.increment();
            if (hit) {
                c.hits.increment();
            }
        }
    }

    void set(String key) {
        Counts c = counts(key);
        if (c != null) {
            c.sets.increment();
        }
    }

    void delete(String key) {
        Counts c = counts(key);
        if (c != null) {
            c.deletes.increment();
        }
    }

    private Counts counts(String key) {
        if (!enabled) {
            return null;
        }
        int end = key.indexOf(DELIMITER);
        if (end < 0) {
            return null;
        }
        String prefix = key.substring(0, end);
        Counts c = prefixes.get(prefix);
        if (c == null && prefixes.size() < PREFIXES_MAX) {
            c = prefixes.computeIfAbsent(prefix, p -> new Counts());
        }
        return c;
    }

    /** {@code stats reset}: memcached clears its prefixes (stats_prefix_clear); counting stays on or off. */
    void reset() {
        prefixes.clear();
    }

    /** {@code stats detail dump}: a PREFIX line per prefix, then END, as memcached writes them. */
    public void dump(Output out) {
        out.text(dumpText());
    }

    /** The text of {@link #dump}: binary {@code stat "detail dump"} carries it whole as one value. */
    public String dumpText() {
        StringBuilder b = new StringBuilder();
        prefixes.forEach((prefix, c) -> b.append("PREFIX ").append(prefix).append(" get ").append(c.gets.sum())
                .append(" hit ").append(c.hits.sum()).append(" set ").append(c.sets.sum()).append(" del ")
                .append(c.deletes.sum()).append("\r\n"));
        return b.append("END\r\n").toString();
    }
}
