package org.mlos.net.memcached.admin;

import java.nio.charset.StandardCharsets;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.net.memcached.FetchedMarks;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.SlabClasses;

/**
 * The key dumps key-dump tools parse, in memcached 1.6.18's formats: {@code stats cachedump}
 * ({@code ITEM <key> [<bytes> b; <expiry> s]}) and {@code lru_crawler metadump}
 * ({@code key=<uri-encoded> exp= la= cas= fetch= cls= size=}, lines ending in a bare LF as
 * memcached's do). Slab classes are memcached's for the item's size (see {@link SlabClasses}).
 */
final class KeyDumps {

    /** memcached stops a cachedump at 2 MB of text. */
    private static final int CACHEDUMP_MAX = 2 << 20;

    private KeyDumps() {
    }

    /**
     * {@code stats cachedump <class> <limit>}, handed to {@code parts} whole once written. The walk
     * stops at the limit or at memcached's 2 MB: a cachedump of 100 items walked all 12 M items
     * of a full node (7 s).
     */
    static void cachedump(ItemSource items, int slabClass, long limit, java.util.function.Consumer<byte[]> parts) {
        long now = System.currentTimeMillis();
        long[] shown = { 0, 0 };
        Output out = new Output();
        try {
            items.forEach(e -> {
                if (limit != 0 && shown[0] >= limit || shown[1] >= CACHEDUMP_MAX) {
                    throw Enough.INSTANCE;
                }
                if (e.expiredAt(now) || classOf(e) != slabClass) {
                    return;
                }
                String line = "ITEM " + e.key() + " [" + e.value().length + " b; "
                        + (e.expiresAt() == KeyValueStore.NEVER ? 0 : expirySecond(e)) + " s]\r\n";
                out.text(line);
                shown[0]++;
                shown[1] += line.length();
            });
        } catch (Enough stop) {
            // as many as asked, or as memcached shows
        }
        out.line("END");
        parts.accept(out.take());
    }

    /**
     * Ends a walk of the items early: the stores' walks take no stop signal, and release what they
     * hold on an exception. Not the store's failure ({@link org.mlos.core.api.CallerStop}): the
     * store's handle does not count it as a failed call, which the supervision would judge a store
     * on probation by.
     */
    private static final class Enough extends RuntimeException implements org.mlos.core.api.CallerStop {
        static final Enough INSTANCE = new Enough();

        private Enough() {
            super("enough items", null, false, false);
        }
    }

    /** What a metadump hands on at a time. */
    static final int METADUMP_PART = 64 << 10;

    /**
     * The second an item expires, as memcached prints it: the second it was stored plus its TTL,
     * both on a clock of whole seconds, so {@code exp - la} is the TTL given. Rounded up, a set
     * with {@code 100} dumped {@code exp} one second past {@code la + 100} whenever it was not
     * stored on a whole second, and {@code memcached-tool dump} carried that second over.
     */
    static long expirySecond(StoreEntry e) {
        return Math.floorDiv(e.expiresAt(), 1000);
    }

    /**
     * {@code lru_crawler metadump all} or a list of classes ({@code 1,3,10}); null classes: all.
     * Handed to {@code parts} {@value #METADUMP_PART} bytes at a time, as it walks the items: a
     * dump of a full store is larger than anything the server holds at once. {@code fetch=} is
     * what {@code fetched} says of the item.
     */
    static void metadump(ItemSource items, boolean[] classes, FetchedMarks fetched,
            java.util.function.Consumer<byte[]> parts) {
        long now = System.currentTimeMillis();
        Output out = new Output();
        items.forEach(e -> {
            if (e.expiredAt(now) || classes != null && !classes[classOf(e)]) {
                return;
            }
            out.ascii("key=").ascii(uriEncode(e.key()));
            out.ascii(" exp=").number(e.expiresAt() == KeyValueStore.NEVER ? -1 : expirySecond(e));
            out.ascii(" la=").number(e.storedAt() / 1000);
            out.ascii(" cas=").unsigned(e.cas());
            out.ascii(" fetch=").ascii(fetched.fetched(e.key(), e.cas()) ? "yes" : "no");
            out.ascii(" cls=").number(classOf(e));
            out.ascii(" size=").number(SlabClasses.itemSize(e.keyLength(), e.flags(), e.value().length)).ascii("\n");
            if (out.size() >= METADUMP_PART) {
                parts.accept(out.take());
            }
        });
        out.line("END");
        parts.accept(out.take());
    }

    private static int classOf(StoreEntry e) {
        return SlabClasses.classOf(SlabClasses.itemSize(e.keyLength(), e.flags(), e.value().length));
    }

    /** memcached's uriencode: letters, digits and {@code -._~} as they are, every other byte as %XX. */
    static String uriEncode(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (byte x : key.getBytes(StandardCharsets.ISO_8859_1)) {
            int c = x & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~')) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
