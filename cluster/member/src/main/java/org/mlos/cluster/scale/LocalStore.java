package org.mlos.cluster.scale;

import java.util.List;
import java.util.function.Consumer;

import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The node's store (its handle: whichever implementation serves), for the two ends of a move:
 * reading every item of a node that leaves, and taking moved items at their new owner.
 * Loaded only once {@link StoreItems#handle} found a store.
 */
final class LocalStore {

    private final KeyValueStore store;

    private LocalStore(KeyValueStore store) {
        this.store = store;
    }

    /** Over a store at hand (tests). */
    static LocalStore over(KeyValueStore store) {
        return new LocalStore(store);
    }

    static LocalStore of(BundleContext context, ServiceReference<?> ref) {
        Object s = context.getService(ref);
        if (!(s instanceof KeyValueStore kv)) {
            throw new IllegalStateException("the node's store handle is gone");
        }
        context.ungetService(ref); // the handle lives as long as the kernel; we keep no count on it
        return new LocalStore(kv);
    }

    long size() {
        return store.size();
    }

    /** Operations the store has served since it started: its clients' gets, sets, deletes, counters, CAS and touches. */
    long operations() {
        StoreStats s = store.stats();
        return s.getHits() + s.getMisses() + s.sets() + s.deleteHits() + s.deleteMisses() + s.incrHits() + s.incrMisses()
                + s.decrHits() + s.decrMisses() + s.casHits() + s.casMisses() + s.casBadValue() + s.touchHits()
                + s.touchMisses();
    }

    /** Every live item stored at or after {@code since}; false if the store cannot list its items (the distributed one). */
    boolean forEach(long since, Consumer<MovedItem> sink) {
        return store.forEachItem((StoreEntry e) -> {
            if (e.storedAt() >= since) {
                sink.accept(new MovedItem(e.key(), e.value(), e.flags(), e.expiresAt(), e.storedAt()));
            }
        });
    }

    /**
     * Deletes the items stored before {@code before} whose keys another node owns now, unless they
     * changed since they were read: what a scale-out's move copied away. Left here they would take
     * memory, and a key deleted at its new owner could come back with a later move. Check, then
     * delete: a client that writes the key here in between (it has not seen the new ring although
     * the grace period passed) loses that write, as any write after the move's last pass does.
     */
    int dropOwnedElsewhere(java.util.function.Predicate<String> elsewhere, long before) {
        List<StoreEntry> drop = new java.util.ArrayList<>();
        store.forEachItem((StoreEntry e) -> {
            if (e.storedAt() < before && elsewhere.test(e.key())) {
                drop.add(e);
            }
        });
        int dropped = 0;
        for (StoreEntry e : drop) {
            StoreEntry now = store.get(e.key());
            if (now != null && now.cas() == e.cas() && store.delete(e.key())) {
                dropped++;
            }
        }
        return dropped;
    }

    /**
     * Takes moved items, the newer write winning. An item is stored if the key is absent; if the
     * key holds an item this move stored, when the moved one was stored later at its source (a
     * later pass carries a write the leaving node took after the first pass read it); otherwise
     * if what is here was stored before the moved one at its source (a client that wrote here
     * after the ring changed wrote something newer, which stays). Every write is an add or a
     * compare-and-set, so a client's write racing this one is never overwritten by an older value.
     *
     * @param ledger what this move stored here so far: key to {cas, storedAt at the source}
     * @return how many were stored
     */
    int takeNewer(List<MovedItem> items, java.util.Map<String, long[]> ledger) {
        int stored = 0;
        for (MovedItem i : items) {
            for (int attempt = 0; attempt < 100; attempt++) {
                StoreEntry have = store.get(i.key());
                if (have == null) {
                    long cas = store.add(i.key(), i.value(), i.flags(), i.expiresAt());
                    if (cas != 0) {
                        ledger.put(i.key(), new long[] { cas, i.storedAt() });
                        stored++;
                        break;
                    }
                    continue;
                }
                long[] ours = ledger.get(i.key());
                long haveStoredAt = ours != null && ours[0] == have.cas() ? ours[1] : have.storedAt();
                if (haveStoredAt >= i.storedAt()) {
                    break; // what is here is as new or newer
                }
                CasResult r = store.compareAndSet(i.key(), i.value(), i.flags(), i.expiresAt(), have.cas());
                if (r.status() == CasResult.Status.STORED) {
                    ledger.put(i.key(), new long[] { r.cas(), i.storedAt() });
                    stored++;
                    break;
                }
            }
        }
        return stored;
    }
}
