package org.mlos.cluster.store;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import com.hazelcast.map.IMap;
import com.hazelcast.nio.serialization.HazelcastSerializationException;

/**
 * The shared map's items as nodes write them, a {@code String} key and sealed bytes. Anyone who
 * knows the cluster name can put anything there: an entry of another type, or one that does not
 * deserialize, is passed over (one such entry made every swap away from the store fail). The
 * cluster member's {@code SealedEntries} does the same for its maps; this bundle does not see it.
 */
final class SharedMapItems {

    private SharedMapItems() {
    }

    static void forEach(IMap<String, byte[]> map, BiConsumer<String, byte[]> sink) {
        Set<? extends Map.Entry<?, ?>> entries = map.entrySet();
        Iterator<? extends Map.Entry<?, ?>> it = entries.iterator();
        // Hazelcast deserializes an entry as the iteration reaches it; bounded by the count too,
        // so that a failed next() that did not move on cannot loop
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
            if (key instanceof String k && value instanceof byte[] raw) {
                sink.accept(k, raw);
            }
        }
    }
}
