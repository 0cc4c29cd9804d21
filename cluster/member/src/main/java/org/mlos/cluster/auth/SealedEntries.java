package org.mlos.cluster.auth;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.impl.DataAwareEntryEvent;

/**
 * A shared map's entries as the members write them, a {@code String} key and a sealed
 * {@code byte[]}, each still to be opened ({@link MessageAuth}). Anyone who reaches a member port
 * with the cluster name can put anything into a shared map; only entries of that shape, by their
 * bytes ({@link SealedShape}), are deserialized at all, and one that still fails to (a class the
 * members' filter refuses, {@code JavaSerializationAllowList}; a stack overflow or an allocation
 * too large) is skipped here rather than cast or thrown, since one failure in a loop over the
 * entries failed every reader of the map (the node registry, swaps, rollouts, scaling) for as
 * long as the entry stayed. Skips are logged, at most once a minute.
 */
public final class SealedEntries {

    private static final System.Logger LOG = System.getLogger(SealedEntries.class.getName());
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;
    private static final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private static final AtomicLong skipped = new AtomicLong();

    private SealedEntries() {
    }

    /** The entries whose key is a String and whose value is a byte array. */
    public static List<Map.Entry<String, byte[]>> of(IMap<String, byte[]> map) {
        return of(map, new SealedShape());
    }

    /** The value under this key if the entry is a sealed one, else null. */
    public static byte[] get(IMap<String, byte[]> map, String key) {
        List<Map.Entry<String, byte[]>> found = of(map, new SealedShape(key));
        return found.isEmpty() ? null : found.get(0).getValue();
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static List<Map.Entry<String, byte[]>> of(IMap<String, byte[]> map, SealedShape shape) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        Set<? extends Map.Entry<?, ?>> entries;
        try {
            entries = ((IMap) map).entrySet(shape);
        } catch (Error e) {
            skip(map.getName(), e);
            return out;
        }
        Iterator<? extends Map.Entry<?, ?>> it = entries.iterator();
        // bounded by the count as well: a failed next() that did not move on must not loop
        for (int i = 0, n = entries.size(); i < n && it.hasNext(); i++) {
            Object key;
            Object value;
            try {
                Map.Entry<?, ?> e = it.next();
                key = e.getKey();
                value = e.getValue();
            } catch (RuntimeException | Error undeserializable) {
                skip(map.getName(), undeserializable);
                continue;
            }
            if (key instanceof String k && value instanceof byte[] sealed) {
                out.add(Map.entry(k, sealed));
            }
        }
        return out;
    }

    /**
     * An event's key and value, or null when they are not a sealed entry's (by their bytes, when
     * Hazelcast gives them: a member's listener) or do not deserialize.
     */
    public static Object[] read(EntryEvent<?, ?> event) {
        if (event instanceof DataAwareEntryEvent<?, ?> raw && !SealedShape.fits(raw.getKeyData(), raw.getNewValueData())) {
            return null;
        }
        try {
            return new Object[] { event.getKey(), event.getValue() };
        } catch (RuntimeException | Error undeserializable) {
            skip(event.getName(), undeserializable);
            return null;
        }
    }

    /** Counts a skipped entry, and logs the count at most once a minute. */
    private static void skip(String map, Throwable why) {
        long n = skipped.incrementAndGet();
        long last = lastLog.get();
        long now = System.nanoTime();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            skipped.set(0);
            LOG.log(System.Logger.Level.WARNING, "skipped " + n + " entr" + (n == 1 ? "y" : "ies") + " of cluster maps that do"
                    + " not deserialize (the last in " + map + ": " + why.getClass().getName() + "); logged at most once a minute");
        }
    }

    /** What a value that is no sealed entry is, for a log line: its type, never its content. */
    public static String describe(Object value) {
        return value == null ? "nothing" : "a " + value.getClass().getName() + ", not a sealed entry";
    }
}
