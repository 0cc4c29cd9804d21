package org.mlos.fault.durable;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.mlos.core.state.EntryImport;
import org.mlos.mem.api.CountsEntry;
import org.mlos.mem.api.FlushEntry;
import org.mlos.mem.api.StoreEntry;

/**
 * The durable store's journal records and checkpoint entries: the <em>effect</em> of a mutation
 * (the item as it now is, or its absence), never the operation. Replaying an effect twice, or
 * over a checkpoint that already holds it, changes nothing, which is what lets a checkpoint be
 * taken while the store serves. Plain bytes, no Java serialization.
 */
final class Mutations {

    static final byte PUT = 1;
    static final byte REMOVE = 2;
    static final byte FLUSH = 3;
    static final byte CLEAR = 4;

    private static final byte[] CLEAR_RECORD = { CLEAR };

    private Mutations() {
    }

    static byte[] put(String key, byte[] value, int flags, long expiresAt, long cas, long storedAt) {
        int k = key.length();
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + k + 4 + 8 + 8 + 8 + 4 + value.length);
        b.put(PUT).putInt(k);
        putKey(b, key);
        b.putInt(flags).putLong(expiresAt).putLong(cas).putLong(storedAt).putInt(value.length).put(value);
        return b.array();
    }

    static byte[] put(StoreEntry e) {
        return put(e.key(), e.value(), e.flags(), e.expiresAt(), e.cas(), e.storedAt());
    }

    static byte[] remove(String key) {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + key.length());
        b.put(REMOVE).putInt(key.length());
        putKey(b, key);
        return b.array();
    }

    static byte[] flush(long atMillis) {
        return ByteBuffer.allocate(9).put(FLUSH).putLong(atMillis).array();
    }

    /** Everything before is gone: a flush that took effect at once, or the state moved away. */
    static byte[] clear() {
        return CLEAR_RECORD;
    }

    /**
     * A state entry of the store (an item or a pending flush) as a record; null for the store's
     * counters, which are not journaled: after a restart they count from zero, as memcached's do.
     */
    static byte[] of(Object entry) {
        if (entry instanceof StoreEntry e) {
            return put(e);
        }
        if (entry instanceof FlushEntry f) {
            return flush(f.atMillis());
        }
        if (entry instanceof CountsEntry) {
            return null;
        }
        throw new IllegalArgumentException("a key-value store's state holds items, flushes and counters, not "
                + (entry == null ? "null" : entry.getClass().getName()));
    }

    /** Applies a record to an import of the store's state. */
    static void apply(byte[] record, EntryImport target) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(record);
        byte type = b.get();
        switch (type) {
            case PUT -> {
                String key = key(b);
                int flags = b.getInt();
                long expiresAt = b.getLong();
                long cas = b.getLong();
                long storedAt = b.getLong();
                byte[] value = new byte[b.getInt()];
                b.get(value);
                target.put(new StoreEntry(key, value, flags, expiresAt, cas, storedAt));
            }
            case REMOVE -> target.remove(key(b));
            case FLUSH -> target.put(new FlushEntry(b.getLong()));
            case CLEAR -> target.clear();
            default -> throw new IllegalStateException("unknown durable store record type " + type
                    + ": the journal was written by a newer or different program");
        }
    }

    private static void putKey(ByteBuffer b, String key) {
        // keys are ISO-8859-1 (the store's contract): one byte a char
        for (int i = 0; i < key.length(); i++) {
            b.put((byte) key.charAt(i));
        }
    }

    private static String key(ByteBuffer b) {
        int n = b.getInt();
        String k = new String(b.array(), b.position(), n, StandardCharsets.ISO_8859_1);
        b.position(b.position() + n);
        return k;
    }
}
