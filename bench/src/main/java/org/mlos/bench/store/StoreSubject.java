package org.mlos.bench.store;

import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.ValueReader;

/**
 * One map or store under load, as the worker JVM that measures it sees it: a worker loads exactly
 * one subclass, so every call site of the load loop sees one receiver class and is inlined as it
 * would be in an application that uses that one store (a shared loop over several stores made the
 * calls megamorphic, and nothing of the stores was inlined while Caffeine's call site stayed
 * monomorphic).
 */
abstract class StoreSubject {

    static final long CAPACITY = StoreBench.CAPACITY;

    /** Subjects by name: the two maps, then the stores of {@link StoreBench#STORES}. */
    static StoreSubject of(String name) {
        return switch (name) {
            case "chm" -> new Chm();
            case "caffeine" -> new CaffeineCache();
            default -> {
                var make = StoreBench.STORES.get(name);
                if (make == null) {
                    throw new IllegalArgumentException("no store subject '" + name + "': chm, caffeine or one of "
                            + StoreBench.STORES.keySet());
                }
                yield new Store(make.apply(CAPACITY));
            }
        };
    }

    /** What a reading thread does with a value: what a server writing it out would touch, so no read is optimised away. */
    static final class Touch implements ValueReader {
        long sum;

        @Override
        public void read(byte[] bytes, int offset, int length, int flags, long cas) {
            sum += length + (length > 0 ? bytes[offset] : 0);
        }

        void value(byte[] v) {
            sum += v.length + (v.length > 0 ? v[0] : 0);
        }
    }

    /** A put or set of the caller's value (copied in, as a store copies it). */
    abstract void set(String key, byte[] value);

    /** A get as a server does it: the value where it lies, touched. */
    abstract void read(String key, Touch touch);

    /** A get through {@link KeyValueStore#get}, the value copied out for the caller (the maps have no such path). */
    abstract void copyingGet(String key, Touch touch);

    /** Whether {@link #copyingGet} differs from {@link #read}. */
    abstract boolean copies();

    abstract void close();

    /** A plain ConcurrentHashMap: one array per entry, copied in on put. */
    static final class Chm extends StoreSubject {
        private final ConcurrentHashMap<String, byte[]> map = new ConcurrentHashMap<>();

        @Override
        void set(String key, byte[] value) {
            map.put(key, value.clone());
        }

        @Override
        void read(String key, Touch touch) {
            byte[] v = map.get(key);
            if (v != null) {
                touch.value(v);
            }
        }

        @Override
        void copyingGet(String key, Touch touch) {
            read(key, touch);
        }

        @Override
        boolean copies() {
            return false;
        }

        @Override
        void close() {
            map.clear();
        }
    }

    /**
     * Caffeine bounded by the stores' capacity, each entry weighed by key and value bytes (its own
     * per-entry overhead not counted, so it never evicts here, nor do the stores). A get hands out
     * Caffeine's own array, as {@link KeyValueStore#read} hands out a heap store's.
     */
    static final class CaffeineCache extends StoreSubject {
        private final Cache<String, byte[]> cache = newCache();

        static Cache<String, byte[]> newCache() {
            return Caffeine.newBuilder().maximumWeight(CAPACITY).weigher((String k, byte[] v) -> k.length() + v.length)
                    .build();
        }

        @Override
        void set(String key, byte[] value) {
            cache.put(key, value.clone());
        }

        @Override
        void read(String key, Touch touch) {
            byte[] v = cache.getIfPresent(key);
            if (v != null) {
                touch.value(v);
            }
        }

        @Override
        void copyingGet(String key, Touch touch) {
            read(key, touch);
        }

        @Override
        boolean copies() {
            return false;
        }

        @Override
        void close() {
            cache.invalidateAll();
            cache.cleanUp();
        }
    }

    /** One of our stores, called directly (no kernel handle). */
    static final class Store extends StoreSubject {
        private final KeyValueStore store;

        Store(KeyValueStore store) {
            this.store = store;
        }

        @Override
        void set(String key, byte[] value) {
            store.set(key, value, 0, KeyValueStore.NEVER);
        }

        @Override
        void read(String key, Touch touch) {
            store.read(key, touch);
        }

        @Override
        void copyingGet(String key, Touch touch) {
            StoreEntry e = store.get(key);
            if (e != null) {
                touch.value(e.value());
            }
        }

        @Override
        boolean copies() {
            return true;
        }

        @Override
        void close() {
            store.flushAll(0);
        }
    }
}
