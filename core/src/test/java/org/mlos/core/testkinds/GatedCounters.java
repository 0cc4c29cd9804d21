package org.mlos.core.testkinds;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.mlos.core.state.EntryExport;
import org.mlos.core.state.StateEntry;
import org.mlos.core.state.StateExport;
import org.mlos.core.state.SwapAware;

/**
 * {@link MapCounters} whose swaps stop where a test wants them: the export stops after every
 * {@code every}-th entry it hands over and before every {@code every}-th key it looks up for a
 * replay; {@link #beforeServing()} and {@link #retired()} stop too. At each stop it releases
 * {@link #reached} and waits for {@link #proceed}; a stop nobody releases within 30 s fails the
 * swap rather than hang the test.
 */
public class GatedCounters extends MapCounters implements Tallies, SwapAware {

    public final Semaphore reached = new Semaphore(0);
    public final Semaphore proceed = new Semaphore(0);
    private final int every;
    private volatile boolean gated = true;

    public GatedCounters(String name, int every) {
        super(name);
        this.every = every;
    }

    /** Stops no more: the rest of the swap runs through. */
    public void open() {
        gated = false;
        proceed.release(1_000_000);
    }

    private void stop() {
        if (!gated) {
            return;
        }
        reached.release();
        try {
            if (!proceed.tryAcquire(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the swap go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public StateExport exportState(String format) {
        EntryExport inner = (EntryExport) super.exportState(format);
        return new EntryExport() {
            private long handed;
            private long looked;

            @Override
            public void forEach(Consumer<? super StateEntry> sink) throws Exception {
                inner.forEach(e -> {
                    sink.accept(e);
                    if (++handed % every == 0) {
                        stop();
                    }
                });
            }

            @Override
            public StateEntry entry(Object key) throws Exception {
                if (++looked % every == 0) {
                    stop();
                }
                return inner.entry(key);
            }

            @Override
            public long entries() {
                return size();
            }

            @Override
            public void commit() {
                inner.commit();
            }

            @Override
            public void abort() {
                inner.abort();
            }
        };
    }

    @Override
    public void beforeServing() {
        stop();
    }

    @Override
    public void retired() {
        stop();
    }
}
