package org.mlos.fault.durable;

import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;

/**
 * State arriving in the durable store, on top of what its folder held: each entry goes to the
 * store behind and to the journal; a rollback truncates the journal back to where it began.
 */
final class DurableImport implements EntryImport {

    private final DurableState owner;
    private final EntryImport inner;
    private final long mark;
    /** What the folder held, loaded before the entries sent: the swap report's note. */
    private final String recovered;

    DurableImport(DurableState owner, EntryImport inner, long mark, String recovered) {
        this.owner = owner;
        this.inner = inner;
        this.mark = mark;
        this.recovered = recovered;
    }

    @Override
    public void put(StateEntry entry) throws Exception {
        inner.put(entry);
        byte[] record = Mutations.of(entry);
        if (record != null) {
            owner.journalImported(record);
        }
    }

    @Override
    public void remove(Object key) throws Exception {
        inner.remove(key);
        owner.journalImported(Mutations.remove((String) key));
    }

    @Override
    public void clear() throws Exception {
        inner.clear();
        owner.journalImported(Mutations.clear());
    }

    @Override
    public void check() throws Exception {
        inner.check();
    }

    /** The folder's recovery, which the report's entries (what the old store sent) leave out: after a restart, all the items. */
    @Override
    public String detail() {
        return recovered;
    }

    @Override
    public void commit() {
        inner.commit();
        owner.imported();
    }

    @Override
    public void abort() {
        inner.abort();
        owner.importAborted(mark);
    }
}
