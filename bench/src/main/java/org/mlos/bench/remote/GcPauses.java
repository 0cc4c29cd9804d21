package org.mlos.bench.remote;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The collector's stop-the-world pauses while it listens, one by one (the collectors' cumulative
 * times also count concurrent work, which stops no caller): what a stall made of GC looks like.
 */
final class GcPauses implements AutoCloseable {

    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (n, handback) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        // G1 and the other stop-the-world collectors report pauses; "concurrent" cycles do not stop callers
        if (info.getGcAction().contains("concurrent") && !info.getGcAction().contains("pause")) {
            return;
        }
        record(info.getGcInfo().getDuration());
    };
    private long count;
    private long totalMs;
    private long maxMs;

    GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
    }

    private synchronized void record(long ms) {
        count++;
        totalMs += ms;
        maxMs = Math.max(maxMs, ms);
    }

    /** Pauses so far, total and longest (ms), and starts counting again. */
    synchronized long[] take() {
        long[] r = {count, totalMs, maxMs};
        count = 0;
        totalMs = 0;
        maxMs = 0;
        return r;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException gone) {
                // never added
            }
        }
    }
}
