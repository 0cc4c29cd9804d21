package org.mlos.cluster.member;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import com.hazelcast.partition.PartitionLostEvent;
import com.hazelcast.partition.PartitionLostListener;

/**
 * One line for a loss of partitions, in place of Hazelcast's line per partition: when a cluster's
 * only data member was killed, each node logged "partitionId=N is completely lost!" 271 times
 * (an outsider counted them in a web node's log). The losses that come within a second are told
 * together, once; Hazelcast's own lines of that one message are filtered out of its logger.
 */
final class PartitionLossLog implements PartitionLostListener {

    private static final System.Logger LOG = System.getLogger(PartitionLossLog.class.getName());
    /** The logger Hazelcast's partition repair writes to; held: java.util.logging keeps loggers weakly. */
    private static final Logger REPAIR = Logger.getLogger("com.hazelcast.internal.partition.impl.MigrationManagerImpl");
    static final long BURST_MS = 1000;

    static {
        Filter before = REPAIR.getFilter(); // an embedding application's, if it set one
        REPAIR.setFilter(r -> (before == null || before.isLoggable(r)) && !perPartition(r));
    }

    /** Hazelcast tells a partition's loss more than once (twice, seconds apart, in a live cluster): counted once in this time. */
    static final long SAME_LOSS_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final int partitions;
    private final AtomicInteger burst = new AtomicInteger();
    private final AtomicLongArray countedAt;

    PartitionLossLog(int partitions) {
        this.partitions = partitions;
        this.countedAt = new AtomicLongArray(partitions);
    }

    static boolean perPartition(LogRecord r) {
        String m = r.getMessage();
        return m != null && m.endsWith(" is completely lost!");
    }

    @Override
    public void partitionLost(PartitionLostEvent event) {
        if (!event.allReplicasInPartitionLost()) {
            // only some replicas (e.g. the owner, lost backup count 0): maps that keep a backup kept
            // their data, and "lost every copy" was false (an outsider's re-check of a 2-node kill)
            return;
        }
        int id = event.getPartitionId();
        if (id >= 0 && id < partitions) {
            long now = System.nanoTime();
            long before = countedAt.get(id);
            if (before != 0 && now - before < SAME_LOSS_NANOS || !countedAt.compareAndSet(id, before, now == 0 ? 1 : now)) {
                return; // told already
            }
        }
        if (burst.getAndIncrement() == 0) {
            CompletableFuture.delayedExecutor(BURST_MS, TimeUnit.MILLISECONDS).execute(this::tell);
        }
    }

    private void tell() {
        int lost = burst.getAndSet(0);
        LOG.log(System.Logger.Level.WARNING, lost + " of " + partitions + " partitions of the cluster's maps lost every copy"
                + " (every member that held a copy left at once): what they held is gone; nodes put their registry"
                + " entries back as they refresh them");
    }
}
