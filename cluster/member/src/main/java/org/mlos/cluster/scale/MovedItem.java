package org.mlos.cluster.scale;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.mlos.cluster.wire.Wire;

/**
 * An item on its way from a node that leaves to its new owner: key, value, flags, expiry and the
 * time it was stored there, which decides between it and a newer write the owner may already hold.
 * A batch travels as one task argument ({@link Wire}, base64), sealed with the task.
 */
record MovedItem(String key, byte[] value, int flags, long expiresAt, long storedAt) {

    static String encode(List<MovedItem> items) {
        Wire.Writer w = new Wire.Writer().number(items.size());
        for (MovedItem i : items) {
            w.string(i.key).string(Base64.getEncoder().encodeToString(i.value)).number(i.flags).number(i.expiresAt)
                    .number(i.storedAt);
        }
        return Base64.getEncoder().encodeToString(w.bytes());
    }

    static List<MovedItem> decode(String batch) {
        Wire.Reader r = new Wire.Reader(Base64.getDecoder().decode(batch));
        long n = r.number();
        if (n < 0 || n > 1_000_000) {
            throw new IllegalArgumentException("a batch of " + n + " items");
        }
        List<MovedItem> out = new ArrayList<>((int) n);
        for (long i = 0; i < n; i++) {
            out.add(new MovedItem(r.string(), Base64.getDecoder().decode(r.string()), (int) r.number(), r.number(),
                    r.number()));
        }
        r.end();
        return out;
    }

    /** Bytes it adds to a batch, roughly. */
    int weight() {
        return key.length() + value.length * 4 / 3 + 40;
    }
}
