package org.mlos.fault.chronicle;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.mlos.fault.api.RecordLog;
import org.mlos.fault.api.RecordLogs;

/**
 * Chronicle logs for tests that stand for a node killed (nothing closed) and started again on its
 * folder, within one JVM: a log opened on a folder another log of these still holds lets that one
 * go as its death would ({@link ChronicleLog#abandonAsIfKilled}), since the folder's lock refuses
 * a second log on it. As {@code KilledNodes} does for the segments journal.
 */
final class KilledChronicleNodes implements RecordLogs {

    private final Map<Path, ChronicleLog> open = new HashMap<>();

    @Override
    public synchronized RecordLog open(Path dir, int segmentBytes) {
        ChronicleLog before = open.remove(dir);
        if (before != null) {
            before.abandonAsIfKilled();
        }
        ChronicleLog log = new ChronicleLog(dir, segmentBytes);
        open.put(dir, log);
        return log;
    }
}
