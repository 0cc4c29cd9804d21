package org.mlos.fault.log;

import java.nio.file.Path;
import java.util.function.Supplier;

import org.mlos.fault.api.Durability;
import org.mlos.fault.api.RecordLog;
import org.mlos.fault.api.RecordLogJournal;

/**
 * The {@code Journal} kind's shared part over a log the test opens (a {@link SegmentLog} on a
 * {@link FullDisk}, say), in a folder it names; no durability, 5 ms batches.
 */
final class JournalOn extends RecordLogJournal {
    private final Path folder;
    private final Supplier<RecordLog> open;

    JournalOn(Path folder, Supplier<RecordLog> open) {
        this.folder = folder;
        this.open = open;
    }

    @Override
    protected Path folder() {
        return folder;
    }

    @Override
    protected RecordLog openLog() {
        return open.get();
    }

    @Override
    protected Durability durability() {
        return Durability.NONE;
    }

    @Override
    protected long batchMillis() {
        return 5;
    }
}
