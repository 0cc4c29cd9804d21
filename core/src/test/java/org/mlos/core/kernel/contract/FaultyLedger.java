package org.mlos.core.kernel.contract;

import java.util.concurrent.atomic.AtomicReference;

import org.mlos.core.state.SwapAware;

/** A MapLedger that can be armed with one fault for its next swap. */
public class FaultyLedger extends MapLedger implements SwapAware {

    public enum Fault { EXPORT_HALFWAY, IMPORT_HALFWAY, BEFORE_SERVING, BEFORE_SERVING_ERROR }

    public final AtomicReference<Fault> armed = new AtomicReference<>();

    public FaultyLedger(String name, boolean sorted) {
        super(name, sorted);
    }

    @Override
    protected void onExport(long n) {
        if (n == 7 && armed.compareAndSet(Fault.EXPORT_HALFWAY, null)) {
            throw new Failing("export fails half-way");
        }
    }

    @Override
    protected void onImport(long n) {
        if (n == 7 && armed.compareAndSet(Fault.IMPORT_HALFWAY, null)) {
            throw new Failing("import fails half-way");
        }
    }

    @Override
    public void beforeServing() throws Exception {
        if (armed.compareAndSet(Fault.BEFORE_SERVING, null)) {
            throw new Exception("activation of " + who() + " fails");
        }
        if (armed.compareAndSet(Fault.BEFORE_SERVING_ERROR, null)) {
            throw new AssertionError("activation error of " + who());
        }
    }
}
