package org.mlos.fault.durable;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import org.mlos.fault.api.RecordLog;
import org.mlos.mem.api.EvictionListener;

/**
 * Evictions by the store behind a durable store, journaled as removals, so that an evicted item
 * does not come back after a restart. The store tells of an eviction while it holds its own
 * locks, where the durable store must not take a key's lock (a writer holding that key's lock may
 * be waiting for the store): the key is only queued there, and journaled by the next caller of
 * the durable store once it holds no lock, under the key's lock, unless the key was stored again
 * meanwhile (then the journal's last record for it is that write, as it should be).
 *
 * <p>A process that dies between an eviction and its journaling may serve that item again after
 * the restart: an eviction not honoured, never an acknowledged write lost.
 */
final class JournaledEvictions implements EvictionListener {

    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final RecordLog log;
    private final KeyLocks locks;
    private final Predicate<String> present;
    private volatile EvictionListener listener;

    /**
     * @param present whether the store behind holds the key now (read under the key's lock)
     */
    JournaledEvictions(RecordLog log, KeyLocks locks, Predicate<String> present) {
        this.log = log;
        this.locks = locks;
        this.present = present;
    }

    /** From the store behind: queued only (see the class). */
    @Override
    public void evicted(String key) {
        pending.add(key);
    }

    /** Who hears of the evictions once they are journaled (the durable store's own listener). */
    void tell(EvictionListener l) {
        listener = l;
    }

    /** Journals the evictions queued so far. Called holding no key lock. */
    void journal() {
        String key;
        while ((key = pending.poll()) != null) {
            synchronized (locks.of(key)) {
                if (present.test(key)) {
                    continue;
                }
                try {
                    log.append(Mutations.remove(key));
                } catch (RuntimeException | Error e) {
                    // the caller's own write is journaled; this only means the evicted item may
                    // come back after a restart
                    System.getLogger(DurableStore.class.getName()).log(System.Logger.Level.WARNING,
                            "the eviction of " + key + " could not be journaled in " + log.dir()
                                    + "; after a restart the item may be served again: " + e);
                    continue;
                }
            }
            EvictionListener l = listener;
            if (l != null) {
                try {
                    l.evicted(key);
                } catch (RuntimeException e) {
                    System.getLogger(DurableStore.class.getName()).log(System.Logger.Level.WARNING,
                            "the eviction listener " + l + " threw for key " + key + ": " + e);
                }
            }
        }
    }
}
