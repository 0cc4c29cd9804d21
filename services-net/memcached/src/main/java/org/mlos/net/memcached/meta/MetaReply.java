package org.mlos.net.memcached.meta;

import java.util.List;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.net.memcached.Output;

/** Pieces of meta replies, written as memcached writes them. */
final class MetaReply {

    private MetaReply() {
    }

    /** {@code k<key>}, base64-encoded and followed by {@code b} for a key that came encoded. */
    static void key(Output out, String key, boolean binary) {
        out.ascii(" k");
        if (binary) {
            out.ascii(Base64Key.encode(key)).ascii(" b");
        } else {
            out.text(key);
        }
    }

    /** The opaque and key flags, all a reply without an item carries. */
    static void opaqueAndKey(Output out, List<String> words, int start, MetaFlags f) {
        for (int i = start; i < words.size(); i++) {
            String w = words.get(i);
            if (w.charAt(0) == 'O') {
                out.ascii(" ").text(w);
            } else if (w.charAt(0) == 'k') {
                key(out, f.key, f.binaryKey);
            }
        }
    }

    /** Remaining TTL in whole seconds as memcached's clock counts it, -1 for none. */
    static long ttl(long expiresAt, long now) {
        if (expiresAt == KeyValueStore.NEVER) {
            return -1;
        }
        return Math.max(0, (expiresAt - now + 999) / 1000);
    }

    /** A TTL flag's token as an absolute expiry time, by memcached's rule (0 never, negative expired). */
    static long expiresAt(long ttl, long now) {
        return org.mlos.net.memcached.Operations.expiresAt(ttl, now);
    }
}
