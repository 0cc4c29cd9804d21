package org.mlos.fault.durable;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.mlos.mem.api.KeyValueStore;
import org.mlos.fault.journal.JournalSettings;
import org.mlos.fault.log.SegmentLog;

/**
 * Durable stores for tests that stand for a node killed (nothing closed) and started again on its
 * folder, within one JVM: a store opened on a folder whose journal another store still holds lets
 * that one go as its death would ({@link SegmentLog#abandonAsIfKilled}), since the journal's folder
 * lock refuses a second log on it.
 */
final class KilledNodes {

    private final Map<Path, SegmentLog> open = new HashMap<>();

    DurableStore durable(KeyValueStore store, JournalSettings settings) {
        return new DurableStore(store, settings, DurableStore.SEGMENTS, (dir, bytes) -> {
            SegmentLog before = open.remove(dir);
            if (before != null) {
                before.abandonAsIfKilled();
            }
            SegmentLog log = new SegmentLog(dir, bytes);
            open.put(dir, log);
            return log;
        });
    }

    /** Every store opened here dies as a killed node's would: its journal's folder is free for another opener. */
    void killAll() {
        open.values().forEach(SegmentLog::abandonAsIfKilled);
        open.clear();
    }
}
