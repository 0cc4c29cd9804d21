package org.mlos.mem.store.slab;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.mlos.mem.api.StoreFullException;

/**
 * Keys as a chunk holds them: one byte a char (ISO-8859-1, what memcached's keys are once the
 * server has read them), or two when a key has a char above U+00FF, so that any Java string
 * comes back as it went in.
 */
final class Keys {

    private Keys() {
    }

    /**
     * The hash the index and the stripes use: String's own (cached in the string), mixed
     * (MurmurHash3's finaliser), since keys that differ in a few chars spread badly over the low
     * bits that pick a table, and an uneven spread grows some tables early.
     */
    static int hash(String key) {
        int h = key.hashCode();
        h ^= h >>> 16;
        h *= 0x85EB_CA6B;
        h ^= h >>> 13;
        h *= 0xC2B2_AE35;
        return h ^ (h >>> 16);
    }

    static boolean wide(String key) {
        for (int i = 0, n = key.length(); i < n; i++) {
            if (key.charAt(i) > 0xFF) {
                return true;
            }
        }
        return false;
    }

    static int byteLength(String key, boolean wide) {
        return wide ? key.length() * 2 : key.length();
    }

    /** The key's bytes as stored, checked against what a chunk header can say. */
    static int checkedLength(String key, boolean wide) {
        int n = byteLength(key, wide);
        if (n > Chunk.MAX_KEY_BYTES) {
            throw new StoreFullException("key of " + key.length() + " chars is longer than a slab item can hold ("
                    + Chunk.MAX_KEY_BYTES + " bytes); memcached's keys are at most 250 bytes");
        }
        return n;
    }

    /** Whether the chunk at {@code off} holds {@code key}. Unvalidated: a lock-free caller checks the stamp after. */
    static boolean matches(MemorySegment m, long off, long chunkSize, String key) {
        int n = key.length();
        int stored = Chunk.keyLength(m, off);
        boolean wide = Chunk.wide(m, off);
        if (stored != (wide ? 2 * n : n) || Chunk.HEADER + stored > chunkSize) {
            return false;
        }
        long at = off + Chunk.HEADER;
        if (wide) {
            for (int i = 0; i < n; i++) {
                if (m.get(ValueLayout.JAVA_CHAR_UNALIGNED, at + 2L * i) != key.charAt(i)) {
                    return false;
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                if ((m.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF) != key.charAt(i)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether an item's image (see {@link Chunk}) holds {@code key}: {@code stored} bytes after the header. */
    static boolean matches(byte[] image, int stored, boolean wide, String key) {
        int n = key.length();
        if (stored != (wide ? 2 * n : n)) {
            return false;
        }
        int at = Chunk.HEADER;
        if (wide) {
            for (int i = 0; i < n; i++) {
                char ch = (char) ((image[at + 2 * i] & 0xFF) | (image[at + 2 * i + 1] & 0xFF) << 8);
                if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN) {
                    ch = Character.reverseBytes(ch);
                }
                if (ch != key.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < n; i++) {
            if ((image[at + i] & 0xFF) != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The key of an item's image, as a new string. */
    static String read(byte[] image, int stored, boolean wide) {
        if (!wide) {
            return new String(image, Chunk.HEADER, stored, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        char[] c = new char[stored / 2];
        for (int i = 0; i < c.length; i++) {
            char ch = (char) ((image[Chunk.HEADER + 2 * i] & 0xFF) | (image[Chunk.HEADER + 2 * i + 1] & 0xFF) << 8);
            c[i] = java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN ? Character.reverseBytes(ch) : ch;
        }
        return new String(c);
    }

    /** The key a chunk holds, as a new string. Unvalidated, like {@link #matches}. */
    static String read(MemorySegment m, long off, long chunkSize) {
        int stored = Math.min(Chunk.keyLength(m, off), (int) Math.max(0, chunkSize - Chunk.HEADER));
        long at = off + Chunk.HEADER;
        if (Chunk.wide(m, off)) {
            char[] c = new char[stored / 2];
            for (int i = 0; i < c.length; i++) {
                c[i] = m.get(ValueLayout.JAVA_CHAR_UNALIGNED, at + 2L * i);
            }
            return new String(c);
        }
        byte[] b = new byte[stored];
        MemorySegment.copy(m, ValueLayout.JAVA_BYTE, at, b, 0, stored);
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
