package org.mlos.fault.durable;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;
import org.mlos.fault.api.DurableWrites;
import org.mlos.fault.api.DataFolder;
import org.mlos.fault.api.JournalRefusals;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.api.RecordLog;
import org.mlos.fault.api.RecordLogs;
import org.mlos.fault.api.StorageRefusals;
import org.mlos.fault.log.SegmentLog;
import org.mlos.mem.api.CasResult;
import org.mlos.mem.api.Counter;
import org.mlos.mem.api.KeyValueStore;
import org.mlos.mem.api.LiveItemSizes;
import org.mlos.mem.api.StoreEntry;
import org.mlos.mem.api.StoreStats;

/**
 * A key-value store that any store can sit behind: each mutation's effect is journaled (in
 * {@code <dir>/store}) before the call returns, under the journal's durability; checkpoints of
 * the store's own state export keep replay short; recovery is the last checkpoint plus the
 * journal after it. Reads go straight to the store behind.
 *
 * <p>Its state is its folder's: an import into it first recovers the folder, then takes the
 * incoming entries on top (journaled); when its state moves to another implementation, it
 * journals a clear, since from then on what the folder held no longer is the node's state.
 */
public final class DurableStore implements KeyValueStore, Transferable, Closeable {

    private final KeyValueStore store;
    private final RecordLog log;
    private final DurableState state;
    private final DurableWrites writes;
    private final KeyLocks locks = new KeyLocks();
    private final JournalRefusals refusals;
    /** Reads the current item of a key without counting it as a get. */
    private final EntryExport peek;
    private final JournaledEvictions evictions;
    /** Whether the store behind tells of its evictions (else evicted items may come back after a restart). */
    private final boolean evictionsTold;

    /**
     * @param store    the store behind: must move its state in the entries format, and must not
     *                 be an implementation the kernel also holds (take a private instance)
     * @throws IllegalArgumentException if the store cannot export and import entries
     */
    public DurableStore(KeyValueStore store, JournalSettings settings) {
        this(store, settings, SEGMENTS, SegmentLog::new);
    }

    /** The implementation name of the journal {@link SegmentLog} keeps (in {@code <dir>/store/journal}). */
    public static final String SEGMENTS = "segments";

    /**
     * A durable store journaling into a log of {@code logs} (implementation {@code journal}), in
     * {@code <dir>/store/journal-<journal>}, so that logs of two implementations never share files.
     */
    public DurableStore(KeyValueStore store, JournalSettings settings, String journal, RecordLogs logs) {
        if (!(store instanceof Transferable t) || !t.exportFormats().contains(StateFormats.ENTRIES)
                || !t.importFormats().contains(StateFormats.ENTRIES)) {
            throw new IllegalArgumentException("a durable store needs a store behind it that exports and imports "
                    + StateFormats.ENTRIES + "; " + store.getClass().getName() + " does not");
        }
        if (!settings.dirGiven()) {
            throw new IllegalArgumentException("a durable store needs " + org.mlos.fault.api.Durability.DIR_PROPERTY
                    + "=<folder>, kept across restarts");
        }
        this.store = store;
        Path dir = settings.dir().resolve("store");
        try {
            DataFolder.ownerOnly(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the durable store's folder " + dir, e);
        }
        this.log = logs.open(dir.resolve(SEGMENTS.equals(journal) ? "journal" : "journal-" + journal), settings.segmentBytes());
        this.state = new DurableState(dir, log, t, this::settled);
        this.refusals = new JournalRefusals(System.getLogger(DurableStore.class.getName()), "durable store", "not served");
        this.writes = new DurableWrites(log, settings.durability(), settings.batchMillis());
        try {
            this.peek = (EntryExport) t.exportState(StateFormats.ENTRIES);
        } catch (Exception e) {
            throw new IllegalStateException("the store behind the durable store cannot export its entries", e);
        }
        this.evictions = new JournaledEvictions(log, locks, this::present);
        this.evictionsTold = store.onEviction(evictions);
        if (!evictionsTold) {
            System.getLogger(DurableStore.class.getName()).log(System.Logger.Level.WARNING, "the store behind the durable store in "
                    + dir + " (" + store.getClass().getName() + ") does not tell of its evictions: an item it evicts may come back "
                    + "after a restart");
        }
    }

    public Path dir() {
        return state.dir();
    }

    /** The writes this store refused because its journal's disk did: for the swap supervisor. */
    public StorageRefusals refusals() {
        return refusals;
    }

    /** Loads the folder's state into the store behind, which then serves through this one. */
    public Recovery recover() {
        Recovery r = state.recover();
        evictions.journal(); // what the store evicted to take the recovered items
        return r;
    }

    /**
     * Writes a checkpoint of the store while it serves and drops the journal segments it makes
     * unnecessary; returns the entries written, or -1 if the store is not serving.
     */
    public long checkpoint() throws Exception {
        evictions.journal();
        return state.checkpoint();
    }

    /**
     * An exported item as the store holds it once no write of its key is under way (null: gone).
     * A write is applied, journaled and, if the journal refuses it, undone, all under the key's
     * lock; the export reads without that lock, so it could catch a write the journal then refused
     * (disk full), and a checkpoint holding it served that write after a restart, though its caller
     * had been told it failed. Under the lock the item is as before the write, as after it was
     * journaled, or gone after the undo. Anything else the export gives (a pending flush) stands.
     */
    private Object settled(Object exported) {
        if (!(exported instanceof StoreEntry e)) {
            return exported;
        }
        synchronized (locks.of(e.key())) {
            try {
                return peek.entry(e.key());
            } catch (Exception ex) {
                throw new IllegalStateException("cannot read back " + e.key() + " from the store behind the durable store", ex);
            }
        }
    }

    /** Journal records kept (for tests and the operator). */
    public long journalRecords() {
        return log.nextIndex() - log.firstIndex();
    }

    /** The last recovery's figures, all 0 before one ({@code damaged()}: what the store lacks); {@link RecoveryFigures} publishes them. */
    public Recovery lastRecovery() {
        return state.lastRecovery();
    }

    /** Where a recovery that lost records (damaged, or a journal ending before its checkpoint) is said besides the log. */
    public void tellDamageTo(Consumer<String> events) {
        state.tellDamageTo(events);
    }

    // ---- journaling ---------------------------------------------------------------------------

    /** Waits for the journal as the durability asks, then journals what the write evicted. */
    private void acknowledge(long index) {
        writes.appended(index);
        evictions.journal();
    }

    /** Whether the store behind holds the key now (expired or not), without counting a get. */
    private boolean present(String key) {
        try {
            return peek.entry(key) != null;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read back " + key + " from the store behind the durable store", e);
        }
    }

    /** Journals the key's item as it now is (under the key's lock). */
    private long journalCurrent(String key) {
        return journal(key, () -> {
            StoreEntry e;
            try {
                e = (StoreEntry) peek.entry(key);
            } catch (Exception ex) {
                throw new IllegalStateException("cannot read back " + key + " from the store behind the durable store", ex);
            }
            return e == null ? Mutations.remove(key) : Mutations.put(e);
        });
    }

    /**
     * Journals a write the store behind has just applied (under the key's lock). If the journal
     * refuses it (a full disk, a record too large), the key is removed from the store behind
     * before the caller gets the error: a write not journaled is never served (a miss is; after a
     * restart the key has what the journal last held for it, which the caller, told the write
     * failed, may expect).
     */
    private long journal(String key, Supplier<byte[]> record) {
        try {
            return log.append(record.get());
        } catch (RuntimeException | Error e) {
            try {
                store.delete(key);
            } catch (RuntimeException | Error undo) {
                e.addSuppressed(undo);
            }
            String why = refusals.refused(e, log.dir(), System.nanoTime());
            throw new JournalWriteFailed("the write to " + key + " could not be journaled, so it is not served: " + why, e);
        }
    }

    // ---- the store's operations ----------------------------------------------------------------

    /**
     * The store behind, recovered. The kernel either swaps into this store (the import recovers
     * the folder first) or, when it is the first implementation of the kind, makes it serve
     * directly: then the first call recovers, and callers wait for it.
     */
    private KeyValueStore store() {
        if (!state.serving()) {
            state.ensureServing();
        }
        return store;
    }

    @Override
    public StoreEntry get(String key) {
        return store().get(key);
    }

    @Override
    public StoreEntry touchAndGet(String key, long expiresAt) {
        StoreEntry e;
        long index;
        KeyValueStore behind = store(); // before the key's lock: see KeyLocks
        synchronized (locks.of(key)) {
            e = behind.touchAndGet(key, expiresAt);
            if (e == null) {
                return null;
            }
            index = journalCurrent(key);
        }
        acknowledge(index);
        return e;
    }

    @Override
    public long set(String key, byte[] value, int flags, long expiresAt) {
        return put(key, value, flags, expiresAt, s -> s.set(key, value, flags, expiresAt));
    }

    @Override
    public long add(String key, byte[] value, int flags, long expiresAt) {
        return put(key, value, flags, expiresAt, s -> s.add(key, value, flags, expiresAt));
    }

    @Override
    public long replace(String key, byte[] value, int flags, long expiresAt) {
        return put(key, value, flags, expiresAt, s -> s.replace(key, value, flags, expiresAt));
    }

    /** A whole item stored under the key's lock, journaled if stored (CAS 0: not), acknowledged once journaled. */
    private long put(String key, byte[] value, int flags, long expiresAt, ToLongFunction<KeyValueStore> write) {
        long cas;
        long index;
        KeyValueStore behind = store(); // before the key's lock: see KeyLocks
        synchronized (locks.of(key)) {
            cas = write.applyAsLong(behind);
            if (cas == 0) {
                return 0;
            }
            long stored = cas;
            index = journal(key, () -> Mutations.put(key, value, flags, expiresAt, stored, System.currentTimeMillis()));
        }
        acknowledge(index);
        return cas;
    }

    @Override
    public CasResult compareAndSet(String key, byte[] value, int flags, long expiresAt, long expectedCas) {
        CasResult r;
        long index;
        KeyValueStore behind = store(); // before the key's lock: see KeyLocks
        synchronized (locks.of(key)) {
            r = behind.compareAndSet(key, value, flags, expiresAt, expectedCas);
            if (r.status() != CasResult.Status.STORED) {
                return r;
            }
            long stored = r.cas();
            index = journal(key, () -> Mutations.put(key, value, flags, expiresAt, stored, System.currentTimeMillis()));
        }
        acknowledge(index);
        return r;
    }

    @Override
    public long append(String key, byte[] suffix) {
        return concat(key, st -> st.append(key, suffix));
    }

    @Override
    public long prepend(String key, byte[] prefix) {
        return concat(key, st -> st.prepend(key, prefix));
    }

    @Override
    public long append(String key, byte[] suffix, long maxLength) {
        return concat(key, st -> st.append(key, suffix, maxLength));
    }

    @Override
    public long prepend(String key, byte[] prefix, long maxLength) {
        return concat(key, st -> st.prepend(key, prefix, maxLength));
    }

    /** An append or prepend: the item as it now is goes to the journal, not the part added. */
    private long concat(String key, ToLongFunction<KeyValueStore> write) {
        long cas;
        long index;
        KeyValueStore behind = store(); // before the key's lock: see KeyLocks
        synchronized (locks.of(key)) {
            cas = write.applyAsLong(behind);
            if (cas == 0) {
                return 0;
            }
            index = journalCurrent(key);
        }
        acknowledge(index);
        return cas;
    }

    @Override
    public Counter increment(String key, long delta) {
        return count(key, delta, true);
    }

    @Override
    public Counter decrement(String key, long delta) {
        return count(key, delta, false);
    }

    private Counter count(String key, long delta, boolean up) {
        Counter c;
        long index;
        KeyValueStore behind = store(); // before the key's lock: see KeyLocks
        synchronized (locks.of(key)) {
            c = up ? behind.increment(key, delta) : behind.decrement(key, delta);
            if (c == null) {
                return null;
            }
            index = journalCurrent(key);
        }
        acknowledge(index);
        return c;
    }

    @Override
    public boolean touch(String key, long expiresAt) {
        long index;
        KeyValueStore behind = store(); // before the key's lock: see KeyLocks
        synchronized (locks.of(key)) {
            if (!behind.touch(key, expiresAt)) {
                return false;
            }
            index = journalCurrent(key);
        }
        acknowledge(index);
        return true;
    }

    @Override
    public boolean delete(String key) {
        long index;
        KeyValueStore behind = store(); // before the key's lock: see KeyLocks
        synchronized (locks.of(key)) {
            if (!behind.delete(key)) {
                return false;
            }
            index = journal(key, () -> Mutations.remove(key));
        }
        acknowledge(index);
        return true;
    }

    @Override
    public void flushAll(long atMillis) {
        // Time-based, not ordered with the keys' records: an item's storedAt decides, so the
        // flush record needs no key lock.
        store().flushAll(atMillis);
        acknowledge(log.append(atMillis <= System.currentTimeMillis() ? Mutations.clear() : Mutations.flush(atMillis)));
    }

    /** Tells {@code listener} of the store behind's evictions, each once journaled; whether that store tells of them. */
    @Override
    public boolean onEviction(org.mlos.mem.api.EvictionListener listener) {
        evictions.tell(listener);
        return evictionsTold;
    }

    /** No record journaled: a dead item replays dead, by the times its own record carries. */
    @Override
    public long reclaimDead() {
        return store().reclaimDead();
    }

    /** The store behind's parts: a crawler walking them through a handle stays one short call at a time. */
    @Override
    public int reclaimParts() {
        return store().reclaimParts();
    }

    @Override
    public long reclaimDead(int part) {
        return store().reclaimDead(part);
    }

    @Override
    public long reclaimDead(int part, LiveItemSizes live) {
        return store().reclaimDead(part, live);
    }

    @Override
    public long size() {
        return store().size();
    }

    @Override
    public long capacityBytes() {
        return store().capacityBytes();
    }

    /** Journals here what a shrink evicted, so it stays gone after a restart: a resize holds no key lock to wait for. */
    @Override
    public void resize(long capacityBytes) {
        try {
            store().resize(capacityBytes);
        } finally {
            evictions.journal();
        }
    }

    @Override
    public StoreStats stats() {
        return store().stats();
    }

    /** Key dumps list what the store behind holds (reading changes nothing to journal). */
    @Override
    public boolean forEachItem(Consumer<? super StoreEntry> sink) {
        return store().forEachItem(sink);
    }

    @Override
    public List<String> exportFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public List<String> importFormats() {
        return List.of(StateFormats.ENTRIES);
    }

    @Override
    public StateExport exportState(String format) throws Exception {
        return state.exportState();
    }

    @Override
    public StateImport importState(String format) throws Exception {
        return state.importState();
    }

    /**
     * Takes a last checkpoint (a faster next start) and marks the store as shutting down: the
     * kernel moving its state elsewhere from now on (its service leaving) is not a swap away, so
     * the folder keeps the state. Writes still arriving are journaled until {@link #close()}.
     */
    public void prepareClose() {
        state.prepareClose();
    }

    /** {@link #prepareClose()} if not done, then closes the journal. */
    @Override
    public void close() {
        evictions.journal();
        state.prepareClose();
        writes.close();
        peek.abort();
        log.close();
    }
}
