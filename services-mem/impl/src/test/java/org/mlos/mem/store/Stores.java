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

    /** A value of {@code length} bytes that names its key (the key's bytes over and over): a read of another key's value shows. */
    public static byte[] valueNaming(String key, int length) {
        byte[] v = new byte[length];
        byte[] k = key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < length; i++) {
            v[i] = k[i % k.length];
        }
        return v;
    }

    public static Stream<String> names() {
        return Stream.of("heap", "lru", "slab", "log");
    }

    /**
     * A store as the node creates it (its DS activation, no framework: the configuration's
     * {@code capacity.mb} or 64 MB), so that it reads and sets the node's resized budget.
     */
    public static AbstractStore createForNode(String name, long capacityMb) {
        AbstractStore store = switch (name) {
            case "heap" -> new HeapStore();
            case "lru" -> new LruStore();
            case "slab" -> new SlabStore();
            case "log" -> new LogStore();
            default -> throw new IllegalArgumentException(name);
        };
        try {
            java.lang.reflect.Method activate = java.util.Arrays.stream(store.getClass().getDeclaredMethods())
                    .filter(m -> m.getName().equals("activate")).findFirst().orElseThrow();
            Class<?> configType = activate.getParameterTypes()[1];
            Object config = java.lang.reflect.Proxy.newProxyInstance(configType.getClassLoader(),
                    new Class<?>[] { configType }, (proxy, method, args) -> switch (method.getName()) {
                        case "capacity_mb" -> capacityMb;
                        default -> method.getDefaultValue();
                    });
            activate.setAccessible(true);
            activate.invoke(store, null, config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return store;
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
