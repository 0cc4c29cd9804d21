package org.mlos.net.memcached.meta;

import java.util.List;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.ValueReader;
import org.mlos.net.memcached.Limits;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.meta.ItemMarks.Mark;

/**
 * {@code mg <key> <flags>*}: a get that says what it found, in the order the flags were given,
 * touches ({@code T}), creates a placeholder on a miss ({@code N}) and hands out one win token per
 * item for recaching ({@code N}, {@code R}, stale items), as memcached 1.6.18 does.
 */
final class MetaGet implements ValueReader {

    /** Flags a get answers from what {@link KeyValueStore#read} hands over (with the item marks, kept apart). */
    private static final String READ_ONLY_FLAGS = "vscfkOqbuhPL";
    private static final byte[] EMPTY = new byte[0];
    private static final String OPAQUE_TOO_LONG = "CLIENT_ERROR opaque token too long";

    private final Operations ops;
    private final KeyValueStore store;
    private final ItemMarks marks;
    /** The get being answered by {@link #read}: one reader per connection, no lambda per key. */
    private List<String> words;
    private MetaFlags flags;
    private Output out;
    private String result;

    MetaGet(Operations ops, ItemMarks marks) {
        this.ops = ops;
        this.store = ops.store();
        this.marks = marks;
    }

    /** Answers the command; returns the error line to send instead, or null. */
    String answer(List<String> words, Output out) {
        MetaFlags f = MetaFlags.forKey(words, "CLIENT_ERROR options flags are too long", true);
        if (f.error != null) {
            return f.error;
        }
        if (readsOnly(words)) {
            // no flag needs the item's times or a second store call: the value goes out from where it lies
            this.words = words;
            this.flags = f;
            this.out = out;
            this.result = null;
            if (store.read(f.key, this)) {
                String r = result;
                this.words = null;
                this.result = null;
                return r;
            }
            ops.metaGot(false, false);
            return miss(words, f, out);
        }
        long now = System.currentTimeMillis();
        StoreEntry e = store.get(f.key);
        boolean created = false;
        if (e == null && f.vivify) {
            long expires = placeholderExpiry(words, f, now);
            long cas = store.add(f.key, EMPTY, 0, expires);
            if (cas != 0) {
                e = new StoreEntry(f.key, EMPTY, 0, expires, cas, now);
                created = true;
            } else {
                e = store.get(f.key); // another client's placeholder came first
            }
        }
        if (e == null) {
            ops.metaGot(false, false);
            return miss(words, f, out);
        }
        return hit(words, f, e.value(), 0, e.value().length, e.flags(), e.cas(), e.expiresAt(), e.storedAt(), created,
                now, out);
    }

    private static String miss(List<String> words, MetaFlags f, Output out) {
        if (MetaFlags.opaqueTooLong(words, 2)) {
            return OPAQUE_TOO_LONG;
        }
        if (!f.noReply) {
            out.ascii("EN");
            MetaReply.opaqueAndKey(out, words, 2, f);
            out.crlf();
        }
        return null;
    }

    /** Whether the flags ask only for what a read hands over: value, size, flags, CAS, key, opaque, hit mark. */
    private static boolean readsOnly(List<String> words) {
        for (int i = 2; i < words.size(); i++) {
            if (READ_ONLY_FLAGS.indexOf(words.get(i).charAt(0)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** The hit of a {@link #readsOnly} get, called by the store with the value where it lies. */
    @Override
    public void read(byte[] bytes, int offset, int length, int itemFlags, long cas) {
        result = hit(words, flags, bytes, offset, length, itemFlags, cas, KeyValueStore.NEVER, 0, false, 0, out);
    }

    /**
     * The reply to a hit. An opaque token over the limit is found where memcached finds it, part
     * way through the flags: the reply is dropped for the error, but what the flags before it did
     * (a touch, a placeholder's TTL, the read itself) stays done, as there, and the request is not
     * counted in {@code stats}, as there.
     */
    private String hit(List<String> words, MetaFlags f, byte[] value, int offset, int length, int itemFlags, long cas,
            long expiresAt, long storedAt, boolean created, long now, Output out) {
        Mark m = marks.of(f.key, cas);
        boolean tokenSent = m != null && m.tokenSent();
        boolean stale = m != null && m.stale();
        boolean binary = m != null && m.binary();
        long start = out.mark();
        if (f.value) {
            out.ascii("VA ").number(length);
        } else {
            out.ascii("HD");
        }
        long expires = created ? KeyValueStore.NEVER : expiresAt;
        boolean touched = false;
        boolean won = false;
        for (int i = 2; i < words.size(); i++) {
            String w = words.get(i);
            switch (w.charAt(0)) {
                case 'T':
                    expires = MetaReply.expiresAt(f.ttl, now);
                    touched = true;
                    break;
                case 'N':
                    if (created) {
                        expires = MetaReply.expiresAt(f.vivifyTtl, now);
                        won = true;
                    }
                    break;
                case 'R':
                    won |= !tokenSent && !created && expires != KeyValueStore.NEVER && recacheDue(expires, f.recacheTtl, now);
                    break;
                case 's':
                    out.ascii(" s").number(length);
                    break;
                case 't':
                    out.ascii(" t").number(MetaReply.ttl(expires, now));
                    break;
                case 'c':
                    out.ascii(" c").unsigned(cas);
                    break;
                case 'f':
                    out.ascii(" f").number(itemFlags & 0xffffffffL);
                    break;
                case 'l':
                    out.ascii(" l").number(created ? 0 : Math.max(0, (now - storedAt) / 1000));
                    break;
                case 'h':
                    out.ascii(m != null && m.fetched() ? " h1" : " h0");
                    break;
                case 'O':
                    if (w.length() > MetaFlags.OPAQUE_MAX) {
                        out.rewind(start);
                        if (touched && !created) {
                            store.touch(f.key, expires);
                        }
                        if (!f.noUpdate && !locks(f, words) && (m == null || !m.fetched())) {
                            marks.put(f.key, new Mark(cas, stale, tokenSent, true, m != null && m.binary()));
                        }
                        return OPAQUE_TOO_LONG;
                    }
                    out.ascii(" ").text(w);
                    break;
                case 'k':
                    MetaReply.key(out, f.key, binary);
                    break;
                default:
                    break;
            }
        }
        // Z before W, and a stale item's first reader wins the recache, in memcached's order
        if (tokenSent) {
            out.ascii(" Z");
        }
        if (stale) {
            out.ascii(" X");
            won |= !tokenSent;
        }
        if (won) {
            out.ascii(" W");
        }
        out.crlf();
        if (f.value) {
            out.bytes(value, offset, length).crlf();
        }
        if (touched && !created) {
            store.touch(f.key, expires);
        }
        boolean fetched = m != null && m.fetched() || !f.noUpdate;
        if (won || fetched != (m != null && m.fetched())) {
            marks.put(f.key, new Mark(cas, stale, tokenSent || won, fetched, m != null && m.binary()));
        }
        ops.metaGot(true, touched); // a placeholder N made counts as a hit: memcached's miss never happens then
        return null;
    }

    /** Flags for which memcached reads the item locked and marks it fetched only after the reply is built. */
    private static boolean locks(MetaFlags f, List<String> words) {
        for (int i = 2; i < words.size(); i++) {
            if ("hlTNR".indexOf(words.get(i).charAt(0)) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The expiry a placeholder ends with: the last of its T and N flags, as memcached applies them in order. */
    private static long placeholderExpiry(List<String> words, MetaFlags f, long now) {
        long expires = KeyValueStore.NEVER;
        for (int i = 2; i < words.size(); i++) {
            String w = words.get(i);
            char c = w.charAt(0);
            if (c == 'O' && w.length() > MetaFlags.OPAQUE_MAX) {
                break; // memcached stops there, the placeholder already made
            }
            if (c == 'T') {
                expires = MetaReply.expiresAt(f.ttl, now);
            } else if (c == 'N') {
                expires = MetaReply.expiresAt(f.vivifyTtl, now);
            }
        }
        return expires;
    }

    /** R: the item's remaining TTL is below the token (memcached compares whole seconds). */
    private static boolean recacheDue(long expires, long token, long now) {
        if (token <= 0) {
            return false;
        }
        if (token > Limits.RELATIVE_EXPIRY_MAX) {
            return expires < token * 1000;
        }
        return MetaReply.ttl(expires, now) < token;
    }
}
