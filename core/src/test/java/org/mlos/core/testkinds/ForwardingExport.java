package org.mlos.core.testkinds;

import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateEntry;

/**
 * An entries export that passes everything to a real one: a test overrides only the step it
 * watches or breaks (a copy that throws, a detail it says...).
 */
public class ForwardingExport implements EntryExport {

    private final EntryExport real;

    public ForwardingExport(EntryExport real) {
        this.real = real;
    }

    @Override
    public void forEach(Consumer<? super StateEntry> sink) throws Exception {
        real.forEach(sink);
    }

    @Override
    public StateEntry entry(Object key) throws Exception {
        return real.entry(key);
    }

    @Override
    public void forEachBeside(Consumer<? super StateEntry> sink) throws Exception {
        real.forEachBeside(sink);
    }

    @Override
    public long entries() {
        return real.entries();
    }

    @Override
    public long bytes() {
        return real.bytes();
    }

    @Override
    public void commit() {
        real.commit();
    }

    @Override
    public String detail() {
        return real.detail();
    }

    @Override
    public void abort() {
        real.abort();
    }
}
