package org.mlos.core.testkinds;

import org.mlos.core.state.EntryImport;
import org.mlos.core.state.StateEntry;

/**
 * An entries import that passes everything to a real one: a test overrides only the step it
 * watches or breaks (a put that counts, a check that throws...).
 */
public class ForwardingImport implements EntryImport {

    private final EntryImport real;

    public ForwardingImport(EntryImport real) {
        this.real = real;
    }

    @Override
    public void put(StateEntry entry) throws Exception {
        real.put(entry);
    }

    @Override
    public void remove(Object key) throws Exception {
        real.remove(key);
    }

    @Override
    public void clear() throws Exception {
        real.clear();
    }

    @Override
    public void check() throws Exception {
        real.check();
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
