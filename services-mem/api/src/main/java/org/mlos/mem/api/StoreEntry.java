package org.mlos.mem.api;

import java.nio.charset.StandardCharsets;

import org.mlos.core.state.StateEntry;

/**
 * One stored item, as {@link KeyValueStore#get} returns it and as the entries state format
 * carries it from one store to another.
 *
 * @param key       the key
 * @param value     the value bytes (owned by the caller: stores copy them in and out)
 * @param flags     opaque client flags (memcached's 32-bit flags)
 * @param expiresAt absolute expiry time in epoch milliseconds, {@link KeyValueStore#NEVER} for none
 * @param cas       the CAS unique
 * @param storedAt  when the item was last stored, epoch milliseconds (for {@code flushAll})
 */
public record StoreEntry(String key, byte[] value, int flags, long expiresAt, long cas, long storedAt)
        implements StateEntry {

    /** Per-item bookkeeping counted by {@link #bytes()}, roughly what memcached's item header costs. */
    public static final int OVERHEAD = 48;

    /** Whether the item has expired at {@code nowMillis}. */
    public boolean expiredAt(long nowMillis) {
        return expiresAt != KeyValueStore.NEVER && nowMillis >= expiresAt;
    }

    /**
     * Whether the item is visible at {@code nowMillis}: not expired, and not invalidated by a
     * {@link KeyValueStore#flushAll flush} effective at {@code flushAtMillis} (0: none).
     */
    public boolean liveAt(long nowMillis, long flushAtMillis) {
        return !expiredAt(nowMillis) && (flushAtMillis == 0 || nowMillis < flushAtMillis || storedAt >= flushAtMillis);
    }

    /** Key length as stored: the key's ISO-8859-1 bytes. */
    public int keyLength() {
        return key.length();
    }

    /** The key's bytes (ISO-8859-1, one byte per char). */
    public byte[] keyBytes() {
        return key.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A new array: the value with {@code part} after it (append) or, {@code atFront}, before it
     * (prepend). The one place an append or prepend joins bytes, whichever store or server runs it.
     *
     * @since 1.8
     */
    public byte[] valueJoinedWith(byte[] part, boolean atFront) {
        byte[] first = atFront ? part : value;
        byte[] second = atFront ? value : part;
        byte[] joined = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    @Override
    public long bytes() {
        return (long) key.length() + value.length + OVERHEAD;
    }
}
