package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import com.hazelcast.partition.PartitionLostEvent;

/**
 * Found by an outsider's trial: with a cluster's only full node killed, the web node's log held
 * 271 lines of Hazelcast's "partitionId=N is completely lost!", one per partition. The losses of a
 * burst are now one line, and Hazelcast's per-partition line is filtered out of its logger (its
 * other lines pass).
 */
class EachNodeLoggedALineForEveryLostPartitionTest {

    private static PartitionLostEvent lost(int id) {
        return lost(id, true);
    }

    private static PartitionLostEvent lost(int id, boolean all) {
        return new PartitionLostEvent() {
            @Override
            public int getPartitionId() {
                return id;
            }

            @Override
            public int getLostBackupCount() {
                return all ? 1 : 0;
            }

            @Override
            public boolean allReplicasInPartitionLost() {
                return all;
            }

            @Override
            public com.hazelcast.cluster.Address getEventSource() {
                return null;
            }
        };
    }

    @Test
    void aBurstOfLossesIsOneLineAndHazelcastsPerPartitionLinesAreDropped() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        Logger ours = Logger.getLogger(PartitionLossLog.class.getName());
        Handler catcher = new Handler() {
            @Override
            public void publish(LogRecord r) {
                told.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        ours.addHandler(catcher);
        try {
            PartitionLossLog log = new PartitionLossLog(271);
            // the owner lost, its backup kept (lost backup count 0): not "every copy" (an outsider's re-check)
            for (int i = 0; i < 135; i++) {
                log.partitionLost(lost(i, false));
            }
            Thread.sleep(2 * PartitionLossLog.BURST_MS);
            assertEquals(List.of(), told, "a loss of the owner only is not a loss of every copy");
            for (int i = 0; i < 271; i++) {
                log.partitionLost(lost(i));
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (told.isEmpty() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            Thread.sleep(PartitionLossLog.BURST_MS); // nothing more comes of the same burst
            assertEquals(1, told.size(), told.toString());
            assertTrue(told.get(0).startsWith("271 of 271 partitions of the cluster's maps lost every copy"), told.get(0));
            for (int i = 0; i < 271; i++) {
                log.partitionLost(lost(i)); // Hazelcast tells the same losses again a second or two later
            }
            Thread.sleep(2 * PartitionLossLog.BURST_MS);
            assertEquals(1, told.size(), "the same losses told again: " + told);

            Logger repair = Logger.getLogger("com.hazelcast.internal.partition.impl.MigrationManagerImpl");
            assertFalse(repair.getFilter().isLoggable(new LogRecord(Level.WARNING,
                    "[127.0.0.1]:16976 [kw] [5.7.0] partitionId=3 is completely lost!")));
            assertTrue(repair.getFilter().isLoggable(new LogRecord(Level.WARNING, "[127.0.0.1]:16976 [kw] [5.7.0] a migration failed")));
        } finally {
            ours.removeHandler(catcher);
        }
    }
}
