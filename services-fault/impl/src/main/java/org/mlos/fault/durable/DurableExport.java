package org.mlos.fault.durable;

import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateEntry;

/** The durable store's state leaving: the store behind exports it; on commit the folder is cleared. */
final class DurableExport implements EntryExport {

    private final DurableState owner;
    private final EntryExport inner;
    /** What the swap's report says once the folder is cleared. */
    private volatile String retired;

    DurableExport(DurableState owner, EntryExport inner) {
        this.owner = owner;
        this.inner = inner;
    }

    @Override
    public void forEach(Consumer<? super StateEntry> sink) throws Exception {
        inner.forEach(sink);
    }

    @Override
    public StateEntry entry(Object key) throws Exception {
        return inner.entry(key);
    }

    @Override
    public void forEachBeside(Consumer<? super StateEntry> sink) throws Exception {
        inner.forEachBeside(sink);
    }

    @Override
    public long entries() {
        return inner.entries();
    }

    @Override
    public long bytes() {
        return inner.bytes();
    }

    @Override
    public void commit() {
        retired = owner.retired();
        inner.commit();
    }

    /** That the node is no longer durable: in the report's note, so a cluster swap's node lines say it too. */
    @Override
    public String detail() {
        return retired;
    }

    @Override
    public void abort() {
        inner.abort();
    }
}
