package org.mlos.cluster.auth;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;

/**
 * A shared map's entries as the members write them, a {@code String} key and a sealed
 * {@code byte[]}, each still to be opened ({@link MessageAuth}). Anyone who knows the cluster name
 * can put anything into a shared map; an entry of another type, or one that does not deserialize
 * at all (a class the members' filter refuses, {@code JavaSerializationAllowList}), is skipped here
 * rather than cast or thrown, since one failure in a loop over the entries failed every reader of
 * the map (the node registry, swaps, rollouts, scaling) for as long as the entry stayed. Hazelcast
 * deserializes an entry as the iteration reaches it.
 */
public final class SealedEntries {

    private SealedEntries() {
    }

    /** The entries whose key is a String and whose value is a byte array. */
    public static List<Map.Entry<String, byte[]>> of(IMap<String, byte[]> map) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        Set<? extends Map.Entry<?, ?>> entries = map.entrySet();
        Iterator<? extends Map.Entry<?, ?>> it = entries.iterator();
        // bounded by the count as well: a failed next() that did not move on must not loop
        for (int i = 0, n = entries.size(); i < n && it.hasNext(); i++) {
            Object key;
            Object value;
            try {
                Map.Entry<?, ?> e = it.next();
                key = e.getKey();
                value = e.getValue();
            } catch (HazelcastSerializationException undeserializable) {
                continue;
            }
            if (key instanceof String k && value instanceof byte[] sealed) {
                out.add(Map.entry(k, sealed));
            }
        }
        return out;
    }

    /** An event's key and value, or null when either does not deserialize. */
    public static Object[] read(com.hazelcast.core.EntryEvent<?, ?> event) {
        try {
            return new Object[] { event.getKey(), event.getValue() };
        } catch (HazelcastSerializationException undeserializable) {
            return null;
        }
    }

    /** What a value that is no sealed entry is, for a log line: its type, never its content. */
    public static String describe(Object value) {
        return value == null ? "nothing" : "a " + value.getClass().getName() + ", not a sealed entry";
    }
}
