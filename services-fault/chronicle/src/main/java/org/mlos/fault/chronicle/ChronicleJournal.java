package org.mlos.fault.chronicle;

import org.mlos.core.api.Kernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.RecordLog;
import org.mlos.fault.api.RecordLogJournal;
import org.mlos.fault.api.StorageRefusals;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code chronicle}: the journal on Chronicle Queue ({@code <mlos.fault.dir>/journal/chronicle}),
 * embedded in this bundle. Opened on the first call, so a node that carries it and never writes
 * creates no file. Durability as the {@code segments} journal's: {@code sync} forces the record
 * before {@link #append} returns, {@code batch} every bound on a thread of its own.
 */
@Component(service = Journal.class, property = Kernel.IMPL + "=" + ChronicleJournal.IMPL)
public final class ChronicleJournal extends RecordLogJournal {

    static final String IMPL = "chronicle";

    private ServiceRegistration<StorageRefusals> told;

    private ChronicleSettings settings;

    /** For DS. */
    public ChronicleJournal() {
    }

    ChronicleJournal(ChronicleSettings settings) {
        this.settings = settings;
    }

    /**
     * For plain Java (benchmarks, tests): the journal in {@code dir/journal/chronicle}.
     *
     * @param blockBytes Chronicle's block size; a record may take a quarter of it
     */
    public ChronicleJournal(java.nio.file.Path dir, Durability durability, long batchMillis, long blockBytes) {
        this(new ChronicleSettings(dir, durability, batchMillis, blockBytes));
    }

    @Activate
    void activate(BundleContext context) {
        settings = ChronicleSettings.from(context::getProperty);
        // apart from the journal: the kernel hides a service that carries mlos.impl from the supervisor
        told = context.registerService(StorageRefusals.class, refusals(), FrameworkUtil.asDictionary(refusalProperties(IMPL)));
    }

    @Deactivate
    void deactivate() {
        try {
            told.unregister();
        } catch (IllegalStateException gone) {
            // unregistered with the bundle already
        }
        close();
    }

    @Override
    protected java.nio.file.Path folder() {
        java.nio.file.Path base = settings.dir() != null ? settings.dir() : temporaryFolder();
        return base.resolve("journal").resolve("chronicle");
    }

    @Override
    protected RecordLog openLog() {
        return new ChronicleLog(folder(), settings.blockBytes());
    }

    @Override
    protected Durability durability() {
        return settings.durability();
    }

    @Override
    protected long batchMillis() {
        return settings.batchMillis();
    }
}
