package org.mlos.fault.durable;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateFormats;
import org.mlos.core.state.StateImport;
import org.mlos.core.state.Transferable;
import org.mlos.fault.api.JournalRefusals;
import org.mlos.fault.api.RecordLog;

/**
 * The durable store's folder as the store's state: recovery into the store behind, checkpoints,
 * state arriving (folder first, then the incoming entries, journaled) and leaving (a journaled
 * clear), and the shutdown that is not a leaving. One lock orders them all: a checkpoint never
 * reads the store while an import refills it.
 */
final class DurableState {

    private final Path dir;
    private final RecordLog log;
    private final Transferable storeState;
    private final UnaryOperator<Object> settle;
    private final Object lock = new Object();
    private volatile boolean serving;
    /** Between an import's start and its commit or abort: calls then go to the store taking the state. */
    private boolean importing;
    /** Shutting down: the state leaving now is not a swap away from durability. */
    private boolean closing;
    /** The last recovery's figures; all 0 before one. */
    private volatile Recovery lastRecovery = Recovery.NONE;
    private volatile java.util.function.Consumer<String> damageTold = line -> { };

    /**
     * @param settle an exported entry as a checkpoint writes it, read again once no write of its
     *               key is under way (null: gone)
     */
    DurableState(Path dir, RecordLog log, Transferable storeState, UnaryOperator<Object> settle) {
        this.dir = dir;
        this.log = log;
        this.storeState = storeState;
        this.settle = settle;
    }

    Path dir() {
        return dir;
    }

    /** Loads the folder's state into the store behind, which then serves. */
    Recovery recover() {
        synchronized (lock) {
            try {
                EntryImport target = (EntryImport) storeState.importState(StateFormats.ENTRIES);
                Recovery r;
                try {
                    r = Recovery.load(dir, log, log.nextIndex(), target);
                    target.check();
                    recovered(r);
                } catch (Exception | Error e) {
                    target.abort();
                    throw e;
                }
                target.commit();
                serving = true;
                return r;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the durable store in " + dir + " cannot recover: " + e.getMessage(), e);
            }
        }
    }

    Recovery lastRecovery() {
        return lastRecovery;
    }

    void tellDamageTo(java.util.function.Consumer<String> events) {
        damageTold = events;
    }

    /**
     * A recovery that skipped damaged records, or found the journal ending before its checkpoint,
     * is said as a WARNING and told to the node's events: its INFO line and the swap's note counted
     * damaged records as replayed (the journal's WARNING per record said nothing of the store), and
     * a journal ending early was said nowhere.
     */
    private void recovered(Recovery r) {
        lastRecovery = r;
        if (r.damaged() > 0) {
            warn("durable store in " + dir + " recovered without " + r.damaged() + " journal record"
                    + (r.damaged() == 1 ? "" : "s") + " damaged on disk (" + log.dir() + ", each named above by the journal):"
                    + " not replayed, their keys may hold an older value or none; check the disk, and restore the folder"
                    + " from a backup if those keys matter");
        }
        if (r.behind() > 0) {
            long at = r.from();
            warn("durable store in " + dir + ": its journal (" + log.dir() + ") ended at record " + (at - r.behind())
                    + ", " + r.behind() + " before the position of its checkpoint, " + at + ": the journal's newest records are"
                    + " gone (a cycle file set aside at its open, said above, or files removed by hand); the checkpoint's"
                    + " items are back, but writes acknowledged after it was taken, if any, are lost. The journal goes on from " + at
                    + ", so that no index is used twice; check the disk, and restore the folder from a backup if those"
                    + " writes matter");
        }
    }

    private void warn(String line) {
        System.getLogger(DurableStore.class.getName()).log(System.Logger.Level.WARNING, line);
        try {
            damageTold.accept(line);
        } catch (RuntimeException e) {
            System.getLogger(DurableStore.class.getName()).log(System.Logger.Level.WARNING,
                    "the node's events were not told of the recovery's loss: " + e);
        }
    }

    boolean serving() {
        return serving;
    }

    /**
     * Recovers unless the store serves already (a first call on a store the kernel activated
     * directly) or takes state in: a live swap's calls reach the store before its import commits
     * (the writes made during the copy), and they recovered the folder a second time, beside the
     * import, on every live swap under load (an outsider saw "recovered at its first call" after
     * each swap back to durable).
     */
    void ensureServing() {
        synchronized (lock) {
            if (!serving && !importing) {
                Recovery r = recover();
                System.getLogger(DurableStore.class.getName()).log(System.Logger.Level.INFO,
                        "durable store in " + dir + " recovered at its first call: " + r);
            }
        }
    }

    /**
     * A checkpoint while the store serves, each exported entry as {@link #settle} gives it; the
     * journal segments it covers go. -1 if not serving.
     */
    long checkpoint() throws Exception {
        synchronized (lock) {
            if (!serving) {
                return -1;
            }
            // A new segment from here: the ones before hold only what the checkpoint covers,
            // and can all go once it is written.
            log.roll();
            long from = log.nextIndex();
            EntryExport export = (EntryExport) storeState.exportState(StateFormats.ENTRIES);
            long n;
            try {
                n = Checkpoint.write(dir, from, export, settle);
            } finally {
                export.abort(); // the store goes on serving
            }
            log.retainFrom(from);
            return n;
        }
    }

    /** State arriving: the folder's first, then the incoming entries on top. */
    StateImport importState() throws Exception {
        synchronized (lock) {
            serving = false;
            importing = true;
            long mark = log.nextIndex();
            EntryImport target = (EntryImport) storeState.importState(StateFormats.ENTRIES);
            Recovery r;
            try {
                r = Recovery.load(dir, log, mark, target);
                mark += r.behind(); // the journal goes on from the checkpoint's position
                recovered(r);
                System.getLogger(DurableStore.class.getName()).log(System.Logger.Level.INFO,
                        "durable store in " + dir + " recovered for the state swapped in: " + r);
            } catch (Exception | Error e) {
                target.abort();
                importing = false;
                if (e instanceof java.io.IOException) { // the folder's fault: said as at a start, naming it
                    throw new java.io.IOException("the durable store in " + dir + " cannot recover: " + e.getMessage(), e);
                }
                throw e;
            }
            return new DurableImport(this, target, mark, "recovered from " + dir + ": " + r);
        }
    }

    /** What a swap away from the durable store tells: the node is no longer durable. */
    static final String SWAPPED_AWAY = "KeyValueStore swapped away from durable: the node is no longer durable (its items"
            + " are journaled no more, and its next start, a supervisor's restart too, comes back without them; swap"
            + " KeyValueStore durable to journal them again, or restart with --set mlos.fault.store=<impl> to run another"
            + " store behind the journal); journal cleared in ";

    /** State leaving. */
    EntryExport exportState() throws Exception {
        return new DurableExport(this, (EntryExport) storeState.exportState(StateFormats.ENTRIES));
    }

    /**
     * The state moved to another implementation: the folder no longer holds the node's state.
     * Returns what the swap's report should say of it (null at a shutdown: the folder keeps it).
     */
    String retired() {
        synchronized (lock) {
            serving = false;
            if (closing) {
                return null;
            }
            log.append(Mutations.clear());
            log.sync();
            // an operator swapping the store read "COMPLETED" and learnt at the next start that it came back empty
            System.getLogger(DurableStore.class.getName()).log(System.Logger.Level.WARNING, SWAPPED_AWAY + dir);
            return SWAPPED_AWAY + dir;
        }
    }

    /** An import committed: the store serves again, every imported entry journaled. */
    void imported() {
        said(log::sync);
        synchronized (lock) {
            serving = true;
            importing = false;
        }
    }

    /** An import rolled back: the records it journaled are dropped. */
    void importAborted(long mark) {
        synchronized (lock) {
            log.truncate(mark);
            importing = false;
        }
    }

    /** Journals an imported entry, removal or clear, without waiting for the storage. */
    void journalImported(byte[] record) {
        said(() -> log.append(record));
    }

    /** An import's write the disk refused, said as the journal says a refused write (the swap's rollback gives it). */
    private void said(Runnable write) {
        JournalRefusals.importing(log.dir(), () -> {
            write.run();
            return null;
        });
    }

    /** Takes a last checkpoint and marks the state as shutting down; true the first time. */
    boolean prepareClose() {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            try {
                checkpoint();
            } catch (Exception e) {
                System.getLogger(DurableStore.class.getName()).log(System.Logger.Level.WARNING,
                        "durable store in " + dir + ": no checkpoint at close (" + e + "); the journal has everything");
            }
            closing = true;
            return true;
        }
    }
}
