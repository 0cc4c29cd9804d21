package org.mlos.fault.chronicle;

import java.nio.file.Path;

import org.mlos.fault.api.RecordLog;
import org.mlos.fault.api.RecordLogs;
import org.osgi.service.component.annotations.Component;

/**
 * Chronicle queues for durable stores ({@code mlos.fault.store.journal=chronicle}): each log a
 * queue in its own folder, Chronicle's block size the segment size.
 */
@Component(service = RecordLogs.class, property = RecordLogs.IMPL + "=chronicle")
public final class ChronicleLogs implements RecordLogs {

    @Override
    public RecordLog open(Path dir, int segmentBytes) {
        return new ChronicleLog(dir, segmentBytes);
    }
}
