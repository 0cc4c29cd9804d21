package org.mlos.mem.store;

import java.util.function.LongFunction;
import java.util.stream.Stream;

import org.mlos.mem.store.heap.HeapStore;
import org.mlos.mem.store.log.LogStore;
import org.mlos.mem.store.lru.LruStore;
import org.mlos.mem.store.slab.SlabStore;

/** The four stores, by name, for parameterized tests. */
public final class Stores {

    private Stores() {
    }

    public static Stream<String> names() {
        return Stream.of("heap", "lru", "slab", "log");
    }

    public static AbstractStore create(String name, long capacityBytes) {
        LongFunction<AbstractStore> f = switch (name) {
            case "heap" -> HeapStore::new;
            case "lru" -> LruStore::new;
            case "slab" -> SlabStore::new;
            case "log" -> LogStore::new;
            default -> throw new IllegalArgumentException(name);
        };
        return f.apply(capacityBytes);
    }
}
