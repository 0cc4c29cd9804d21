package org.mlos.net.memcached.meta;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keys sent base64-encoded (the {@code b} flag), decoded as memcached 1.6's decoder does: bytes
 * outside the alphabet are skipped, the rest must come in blocks of four, and decoding stops after
 * the first padded block. Java's decoder refuses input memcached accepts, so this is a port.
 */
final class Base64Key {

    private static final byte[] TABLE = new byte[256];

    static {
        java.util.Arrays.fill(TABLE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            TABLE[alphabet.charAt(i)] = (byte) i;
        }
        TABLE['='] = 0;
    }

    private Base64Key() {
    }

    /** The decoded key as ISO-8859-1 text (a byte per char, as the store keeps keys), or null if memcached would refuse it. */
    static String decode(String encoded) {
        byte[] src = encoded.getBytes(StandardCharsets.ISO_8859_1);
        int count = 0;
        for (byte b : src) {
            if (TABLE[b & 0xff] >= 0) {
                count++;
            }
        }
        if (count == 0 || count % 4 != 0) {
            return null;
        }
        byte[] out = new byte[count / 4 * 3];
        int pos = 0;
        int[] block = new int[4];
        int n = 0;
        int pad = 0;
        for (byte b : src) {
            int v = TABLE[b & 0xff];
            if (v < 0) {
                continue;
            }
            if (b == '=') {
                pad++;
            }
            block[n++] = v;
            if (n == 4) {
                out[pos++] = (byte) (block[0] << 2 | block[1] >> 4);
                out[pos++] = (byte) (block[1] << 4 | block[2] >> 2);
                out[pos++] = (byte) (block[2] << 6 | block[3]);
                n = 0;
                if (pad > 0) {
                    if (pad > 2) {
                        return null;
                    }
                    pos -= pad;
                    break;
                }
            }
        }
        return pos == 0 ? null : new String(out, 0, pos, StandardCharsets.ISO_8859_1);
    }

    static String encode(String key) {
        return Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.ISO_8859_1));
    }
}
