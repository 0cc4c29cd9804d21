package org.mlos.launcher;

import java.util.Map;

import org.mlos.mem.api.MemProperties;

/**
 * What the node's store holds, checked at launch: -I at most half of -m, as memcached requires,
 * and -m and -I within the store's own limits, which a store would otherwise refuse only at
 * activation, ending the start on "Service factory returned null". The stores' rules are kept here
 * because the launcher cannot load the stores; {@code MemcachedOptionsTest} holds each to the store's own.
 */
final class StoreLimits {

    private StoreLimits() {
    }

    private static long megabytes(String mb) {
        try {
            return Long.parseLong(mb.trim());
        } catch (NumberFormatException e) {
            throw new NodeOptions.UsageException(MemcachedOptions.CAPACITY_MB + " must be a number of megabytes, got '" + mb + "'");
        }
    }

    /**
     * The largest slab store, in MB: the largest -m whose pages (capacity / (1 MB + 4 KB), whole
     * ones) are at most 65,536, what its chunk references address (SlabPages, which the launcher
     * cannot load; {@code MemcachedOptionsTest} holds the two to the same figure).
     */
    static final long SLAB_MAX_MB = ((65_536L + 1) * ((1 << 20) + (4 << 10)) - 1) >> 20;

    /** The largest item a slab store holds: its page, 1 MB and 4 KB for the item's header and key. */
    static final long SLAB_ITEM_MAX = 1L << 20;

    /**
     * Checks what only the options together tell: -I at most half of -m, as memcached requires,
     * and -m and -I no more than the node's store holds: the store given with --set, else, on the
     * cache profiles, their slab store (other profiles name their own in their definitions).
     */
    static void check(Map<String, String> properties, String profile) {
        String itemMax = properties.get(MemcachedOptions.ITEM_MAX);
        if (itemMax != null) {
            try {
                Long.parseLong(itemMax.trim());
            } catch (NumberFormatException e) {
                throw new NodeOptions.UsageException(MemcachedOptions.ITEM_MAX + " must be a number of bytes, got '" + itemMax
                        + "' (-I takes 1m or 512k)");
            }
            itemMax = itemMax.trim();
        }
        String mb = properties.get(MemcachedOptions.CAPACITY_MB);
        if (itemMax != null) {
            // -m left out is the stores' default, as memcached's is its own: -I 100m started a 64 MB node
            long capacity = (mb == null ? MemProperties.DEFAULT_STORE_CAPACITY_MB : megabytes(mb)) << 20;
            if (Long.parseLong(itemMax) > capacity / 2) {
                throw new NodeOptions.UsageException("-I " + inUnits(itemMax) + " is more than half of -m "
                        + (mb == null ? MemProperties.DEFAULT_STORE_CAPACITY_MB + " (the default)" : mb.trim())
                        + " (memcached: cannot set item size limit higher than 1/2 of memory max); raise -m or lower -I");
            }
        }
        String store = memoryStore(properties, profile);
        String choose = "--set " + storeProperty(properties);
        String slab = properties.containsKey(storeProperty(properties)) ? "the slab store" : "the slab store (the cache profiles' default)";
        // else the store refused at activation and the node ended on "Service factory returned null"
        if (mb != null && store.equals("slab") && megabytes(mb) > SLAB_MAX_MB) {
            throw new NodeOptions.UsageException("-m " + mb.trim() + ": " + slab + " holds"
                    + " at most " + SLAB_MAX_MB + " MB; for more choose another store: " + choose
                    + "=log or =heap");
        }
        if (mb != null && store.equals("slab") && megabytes(mb) < 2) {
            throw new NodeOptions.UsageException("-m " + mb.trim() + ": " + slab + " needs"
                    + " at least 2 MB, a page of 1 MB and 4 KB");
        }
        if (itemMax != null && store.equals("slab") && Long.parseLong(itemMax) > SLAB_ITEM_MAX) {
            // memcached chains larger items over several chunks; a slab store's item lies in one
            // page, so such a set would fail with an out-of-memory error on an empty cache
            throw new NodeOptions.UsageException("-I " + inUnits(itemMax) + ": " + slab
                    + " holds items of up to 1 MB (-I 1m); for larger items choose another store: " + choose
                    + "=heap or =lru (items up to half of -m), or =log (up to 5m)");
        }
        if (itemMax != null && store.equals("log")) {
            String why = logRefusal(mb == null ? MemProperties.DEFAULT_STORE_CAPACITY_MB : Long.parseLong(mb.trim()),
                    Long.parseLong(itemMax), choose);
            if (why != null) {
                throw new NodeOptions.UsageException("-I " + inUnits(itemMax) + ": " + why);
            }
        }
        if (itemMax != null) {
            // the stores size their parts (heap segments, log segments) so that one holds such an item
            properties.putIfAbsent(MemProperties.STORE_ITEM_MAX, itemMax);
        }
    }

    /**
     * The store that holds the items: on a durable node the one behind the durable store ({@link
     * DurabilityDefaults#storeBehind}), else the one given, else the cache profiles' slab store. A
     * durable node's {@code --set mlos.fault.store=heap} had -I 2m refused by the slab store's rule.
     */
    static String memoryStore(Map<String, String> properties, String profile) {
        if (DurabilityDefaults.durable(properties)) {
            return DurabilityDefaults.storeBehind(properties);
        }
        String kind = DurabilityDefaults.blankAsNull(properties.get(NodeSizing.STORE_KIND));
        return kind != null ? kind : NodeSizing.PROFILES.contains(profile) ? NodeSizing.PROFILE_STORE : "";
    }

    /** The property that chooses the store holding the items: on a durable node, the one behind the durable store. */
    static String storeProperty(Map<String, String> properties) {
        return DurabilityDefaults.durable(properties) ? DurabilityDefaults.STORE : NodeSizing.STORE_KIND;
    }

    /** An -I of bytes as an operator writes it: 2m, 512k, else the bytes. */
    static String inUnits(String bytes) {
        long n = Long.parseLong(bytes);
        if (n > 0 && n % (1 << 20) == 0) {
            return (n >> 20) + "m";
        }
        return n > 0 && n % 1024 == 0 ? (n >> 10) + "k" : bytes;
    }

    /** The largest item a log store holds: a record lies in one segment, at most 5 MB of values. */
    static final long LOG_ITEM_MAX = 5L << 20;

    /**
     * Why a log store of {@code mb} megabytes cannot hold items of {@code itemMax} bytes, or null:
     * LogStore's own rule (its segments: a sixteenth of the capacity in whole megabytes, 1 to 4 MB,
     * and at least the largest item; three of them must fit), which the launcher cannot load.
     * {@code MemcachedOptionsTest} holds the two to the same answers.
     */
    static String logRefusal(long mb, long itemMax, String choose) {
        if (itemMax > LOG_ITEM_MAX) {
            return "the log store holds items of up to 5 MB (-I 5m): a record lies in one segment; for larger items"
                    + " choose " + choose + "=heap or =lru";
        }
        long segmentMb = Math.max(Math.max(1, Math.min(4, mb / 16)), (itemMax + (1 << 20) - 1) >> 20);
        if (3 * ((segmentMb << 20) + LOG_RECORD_HEADER) > mb << 20) {
            return "the log store lays out at least three segments of " + segmentMb + " MB for such items, more than -m "
                    + mb + "; raise -m to " + (3 * segmentMb + 1) + " or lower -I";
        }
        return null;
    }

    /** Bytes of a log record's header, which a segment holds beside its megabytes of values. */
    private static final long LOG_RECORD_HEADER = 24;
}
