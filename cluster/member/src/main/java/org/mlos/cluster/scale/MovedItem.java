package org.mlos.cluster.scale;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An item on its way from a node to the new owner of its key: key, value, flags, expiry and the
 * time it was stored at its source, which decides between it and a newer write the owner may
 * already hold. A batch travels as task arguments, sealed with the task: its bytes (count, then
 * per item the key in ISO-8859-1 and the value, each length-prefixed, flags, expiry, stored-at),
 * base64, cut into strings of at most {@value #CHUNK} characters, since a task argument is a
 * length-prefixed string of at most 64 KB; so an item of any size travels.
 */
record MovedItem(String key, byte[] value, int flags, long expiresAt, long storedAt) {

    static final int CHUNK = 60_000;
    static final int MAX_ITEMS = 1_000_000;

    static List<String> encode(List<MovedItem> items) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(items.size());
            for (MovedItem i : items) {
                byte[] k = i.key.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                out.writeInt(k.length);
                out.write(k);
                out.writeInt(i.value.length);
                out.write(i.value);
                out.writeInt(i.flags);
                out.writeLong(i.expiresAt);
                out.writeLong(i.storedAt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String all = Base64.getEncoder().encodeToString(bytes.toByteArray());
        List<String> chunks = new ArrayList<>();
        for (int from = 0; from < all.length(); from += CHUNK) {
            chunks.add(all.substring(from, Math.min(all.length(), from + CHUNK)));
        }
        return chunks;
    }

    static List<MovedItem> decode(List<String> chunks) {
        byte[] b = Base64.getDecoder().decode(String.join("", chunks));
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            int n = in.readInt();
            if (n < 0 || n > MAX_ITEMS) {
                throw new IllegalArgumentException("a batch of " + n + " items");
            }
            List<MovedItem> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String key = new String(read(in, b.length), java.nio.charset.StandardCharsets.ISO_8859_1);
                out.add(new MovedItem(key, read(in, b.length), in.readInt(), in.readLong(), in.readLong()));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("bytes after the batch's last item");
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("a malformed batch: " + e, e);
        }
    }

    private static byte[] read(DataInputStream in, int limit) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > limit) {
            throw new IllegalArgumentException("a malformed batch: a length of " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    /** Bytes it adds to a batch, roughly. */
    int weight() {
        return key.length() + value.length + 32;
    }
}
