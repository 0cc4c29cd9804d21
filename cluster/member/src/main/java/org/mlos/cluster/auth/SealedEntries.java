package org.mlos.cluster.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.hazelcast.map.IMap;

/**
 * A shared map's entries as the members write them, a {@code String} key and a sealed
 * {@code byte[]}, each still to be opened ({@link MessageAuth}). Anyone who knows the cluster name
 * can put anything into a shared map; an entry of another type is skipped here rather than cast,
 * since one cast failing in a loop over the entries failed every reader of the map (the node
 * registry, swaps, rollouts, scaling) for as long as the entry stayed.
 */
public final class SealedEntries {

    private SealedEntries() {
    }

    /** The entries whose key is a String and whose value is a byte array. */
    public static List<Map.Entry<String, byte[]>> of(IMap<String, byte[]> map) {
        List<Map.Entry<String, byte[]>> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() instanceof String key && e.getValue() instanceof byte[] sealed) {
                out.add(Map.entry(key, sealed));
            }
        }
        return out;
    }

    /** What a value that is no sealed entry is, for a log line: its type, never its content. */
    public static String describe(Object value) {
        return value == null ? "nothing" : "a " + value.getClass().getName() + ", not a sealed entry";
    }
}
