package org.mlos.cluster.remote.transport;

import java.util.concurrent.atomic.AtomicInteger;

import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;
import org.mlos.mem.store.heap.HeapStore;

/** A heap store whose get and set of a key starting with "slow" take {@code delayMs}: a host that answers late. */
final class SlowStore implements KeyValueStore {

    private final KeyValueStore store = new HeapStore(64L << 20);
    private final long delayMs;
    final AtomicInteger slowGets = new AtomicInteger();
    final AtomicInteger slowSets = new AtomicInteger();

    SlowStore(long delayMs) {
        this.delayMs = delayMs;
    }

    private void maybeSleep(String key, AtomicInteger count) {
        if (key.startsWith("slow")) {
            count.incrementAndGet();
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public StoreEntry get(String key) {
        maybeSleep(key, slowGets);
        return store.get(key);
    }

    public long set(String key, byte[] value, int flags, long expiresAt) {
        maybeSleep(key, slowSets);
        return store.set(key, value, flags, expiresAt);
    }

    public StoreEntry touchAndGet(String key, long expiresAt) { return store.touchAndGet(key, expiresAt); }
    public long add(String key, byte[] value, int flags, long expiresAt) { return store.add(key, value, flags, expiresAt); }
    public long replace(String key, byte[] value, int flags, long expiresAt) { return store.replace(key, value, flags, expiresAt); }
    public CasResult compareAndSet(String key, byte[] value, int flags, long expiresAt, long expectedCas) {
        return store.compareAndSet(key, value, flags, expiresAt, expectedCas);
    }
    public long append(String key, byte[] suffix) { return store.append(key, suffix); }
    public long prepend(String key, byte[] prefix) { return store.prepend(key, prefix); }
    public Counter increment(String key, long delta) { return store.increment(key, delta); }
    public Counter decrement(String key, long delta) { return store.decrement(key, delta); }
    public boolean touch(String key, long expiresAt) { return store.touch(key, expiresAt); }
    public boolean delete(String key) { return store.delete(key); }
    public void flushAll(long atMillis) { store.flushAll(atMillis); }
    public long size() { return store.size(); }
    public long capacityBytes() { return store.capacityBytes(); }
    public StoreStats stats() { return store.stats(); }
}
