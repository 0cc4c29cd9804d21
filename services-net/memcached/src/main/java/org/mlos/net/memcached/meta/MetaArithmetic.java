package org.mlos.net.memcached.meta;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.mlos.mem.api.Counter;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.net.memcached.Operations.Delta;
import org.mlos.net.memcached.Operations.Result;
import org.mlos.net.memcached.Operations;
import org.mlos.net.memcached.Output;
import org.mlos.net.memcached.meta.ItemMarks.Mark;

/**
 * {@code ma <key> <flags>*}: incr ({@code MI}, {@code M+}, the default) or decr ({@code MD},
 * {@code M-}) by {@code D} (1 by default), compared against {@code C}, created on a miss from
 * {@code J} with {@code N}'s TTL.
 */
final class MetaArithmetic {

    private final Operations ops;
    private final KeyValueStore store;
    private final ItemMarks marks;

    MetaArithmetic(Operations ops, ItemMarks marks) {
        this.ops = ops;
        this.store = ops.store();
        this.marks = marks;
    }

    String answer(List<String> words, Output out) {
        MetaFlags f = MetaFlags.forKey(words, "CLIENT_ERROR options flags too long", false);
        if (f.error != null) {
            return f.error;
        }
        boolean increment;
        switch (f.mode) {
            case 0:
            case 'I':
            case '+':
                increment = true;
                break;
            case 'D':
            case '-':
                increment = false;
                break;
            default:
                return "CLIENT_ERROR invalid mode for ma M token";
        }
        StoreEntry before = marks.inUse() ? store.get(f.key) : null;
        Mark marked = before != null ? marks.of(f.key, before.cas()) : null;
        Counter c;
        String status = null;
        boolean created = false;
        long now = System.currentTimeMillis();
        try {
            if (f.hasCas && f.cas != 0) {
                Delta d = ops.arithmetic(f.key, f.delta, increment, f.cas, f.vivify);
                c = d.counter();
                status = d.result() == Result.EXISTS ? "EX" : null;
            } else {
                c = ops.arithmetic(f.key, f.delta, increment, f.vivify);
            }
        } catch (IllegalArgumentException nonNumeric) {
            return "CLIENT_ERROR cannot increment or decrement non-numeric value";
        }
        if (c == null && status == null) {
            if (f.vivify) {
                long expires = createdExpiry(words, f, now);
                byte[] text = Long.toUnsignedString(f.initial).getBytes(StandardCharsets.US_ASCII);
                long cas = store.add(f.key, text, 0, expires);
                created = cas != 0;
                c = created ? new Counter(f.initial, cas) : null;
                status = created ? null : "NS";
            } else {
                status = "NF";
            }
        }
        int badOpaque = badOpaque(words);
        if (badOpaque >= 0) {
            // memcached finds it while writing the reply: the change is made, flags before it took effect
            if (c != null && !created && touchesBefore(words, badOpaque)) {
                store.touch(f.key, MetaReply.expiresAt(f.ttl, now));
            }
            return "CLIENT_ERROR opaque token too long";
        }
        if (c == null) {
            out.ascii(status);
            MetaReply.opaqueAndKey(out, words, 2, f);
            out.crlf();
            return null;
        }
        if (!created) {
            keepMarks(f.key, marked, before, c);
        }
        reply(words, f, c, created, now, out, !created && f.noReply);
        return null;
    }

    /** memcached changes a number in place when it still fits, keeping the item's marks; a longer one is a new item. */
    private void keepMarks(String key, Mark marked, StoreEntry before, Counter c) {
        if (marked != null && before != null && marked.cas() == before.cas()
                && c.text().length() <= before.value().length) {
            marks.put(key, marked.withCas(c.cas()));
        }
    }

    private void reply(List<String> words, MetaFlags f, Counter c, boolean created, long now, Output out, boolean silent) {
        String number = c.text();
        long mark = out.mark();
        if (f.value) {
            out.ascii("VA ").number(number.length());
        } else {
            out.ascii("HD");
        }
        long expires = created ? KeyValueStore.NEVER : Long.MIN_VALUE;
        boolean touched = false;
        for (int i = 2; i < words.size(); i++) {
            String w = words.get(i);
            switch (w.charAt(0)) {
                case 'c':
                    out.ascii(" c").unsigned(c.cas());
                    break;
                case 't':
                    if (expires == Long.MIN_VALUE) {
                        StoreEntry e = store.get(f.key);
                        expires = e == null ? KeyValueStore.NEVER : e.expiresAt();
                    }
                    out.ascii(" t").number(MetaReply.ttl(expires, now));
                    break;
                case 'T':
                    expires = MetaReply.expiresAt(f.ttl, now);
                    touched = true;
                    break;
                case 'N':
                    if (created) {
                        expires = MetaReply.expiresAt(f.vivifyTtl, now);
                    }
                    break;
                case 'O':
                    out.ascii(" ").text(w);
                    break;
                case 'k':
                    MetaReply.key(out, f.key, f.binaryKey);
                    break;
                default:
                    break;
            }
        }
        if (f.value) {
            out.crlf().ascii(number);
        }
        out.crlf();
        if (silent) {
            out.rewind(mark); // q hides a nominal reply, after its flags took effect
        }
        if (touched && !created) {
            store.touch(f.key, expires);
        }
    }

    /** Index of the first opaque over memcached's limit, or -1. */
    private static int badOpaque(List<String> words) {
        for (int i = 2; i < words.size(); i++) {
            if (words.get(i).charAt(0) == 'O' && words.get(i).length() > MetaFlags.OPAQUE_MAX) {
                return i;
            }
        }
        return -1;
    }

    private static boolean touchesBefore(List<String> words, int end) {
        for (int i = 2; i < end; i++) {
            if (words.get(i).charAt(0) == 'T') {
                return true;
            }
        }
        return false;
    }

    /** The expiry a created counter ends with: its T and N flags in order, as memcached applies them. */
    private static long createdExpiry(List<String> words, MetaFlags f, long now) {
        long expires = KeyValueStore.NEVER;
        int end = badOpaque(words);
        for (int i = 2; i < (end < 0 ? words.size() : end); i++) {
            char c = words.get(i).charAt(0);
            if (c == 'T') {
                expires = MetaReply.expiresAt(f.ttl, now);
            } else if (c == 'N') {
                expires = MetaReply.expiresAt(f.vivifyTtl, now);
            }
        }
        return expires;
    }
}
