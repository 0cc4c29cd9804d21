package org.mlos.fault.journal;

import org.mlos.core.api.Kernel;
import org.mlos.fault.api.Durability;
import org.mlos.fault.api.FolderLock;
import org.mlos.fault.api.Journal;
import org.mlos.fault.api.RecordLog;
import org.mlos.fault.api.RecordLogJournal;
import org.mlos.fault.api.StorageRefusals;
import org.mlos.fault.log.SegmentLog;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@code segments}: the journal in memory-mapped segment files of its own
 * ({@code <mlos.fault.dir>/journal/segments}), no dependency but the JDK. Its files are opened
 * on the first call: a node whose kernel makes it the active journal but never writes to it
 * creates no segment (given {@code mlos.fault.dir}, its activation makes the folder and tries its
 * {@code .lock}, refusing a folder another node's journal holds).
 */
@Component(service = Journal.class, property = Kernel.IMPL + "=" + SegmentJournal.IMPL)
public final class SegmentJournal extends RecordLogJournal {

    static final String IMPL = "segments";

    private ServiceRegistration<StorageRefusals> told;

    private JournalSettings settings;

    /** For DS. */
    public SegmentJournal() {
    }

    /** For plain Java and tests: the journal in {@code settings.dir()/journal/segments}. */
    public SegmentJournal(JournalSettings settings) {
        this.settings = settings;
    }

    @Activate
    void activate(BundleContext context) {
        settings = JournalSettings.from(context::getProperty);
        if (settings.dirGiven()) {
            refuseAFolderInUse(folder());
        }
        // apart from the journal: the kernel hides a service that carries mlos.impl from the supervisor
        told = context.registerService(StorageRefusals.class, refusals(), FrameworkUtil.asDictionary(refusalProperties(IMPL)));
    }

    /**
     * Refuses the node's start when another node journals in {@code folder}: a second node given
     * one {@code mlos.fault.dir} served, journaled nothing (the first held the folder's lock),
     * warned at each record and said COMPLETED of its swaps. The lock is only tried here; the files
     * are still opened on the first call.
     */
    static void refuseAFolderInUse(java.nio.file.Path folder) {
        try {
            // as the log makes it (the owner's alone), and the folders above it it makes: made here first,
            // a node's data folder and its journal/ were left open to the host's other users
            org.mlos.fault.api.DataFolder.ownerOnly(folder);
            FolderLock.take(folder).close();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // the operator's setting, told as one (the launcher's verdict says it in its own words)
            throw new IllegalArgumentException(e.getMessage(), e);
        }
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
        java.nio.file.Path base = settings.dirGiven() ? settings.dir() : temporaryFolder();
        return base.resolve("journal").resolve("segments");
    }

    @Override
    protected RecordLog openLog() {
        return new SegmentLog(folder(), settings.segmentBytes());
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
