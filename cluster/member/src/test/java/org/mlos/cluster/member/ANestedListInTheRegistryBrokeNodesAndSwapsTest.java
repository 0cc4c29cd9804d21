package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.cluster.auth.SealedEntries;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.SerializationServiceSupport;

/**
 * An outsider's audit: 20,000 nested lists (160 KB) put into {@code mlos.nodes} overflowed the
 * stack of every reader of the registry: the members' entry listener on Hazelcast's event thread,
 * {@code mlos nodes} (which listed nothing) and {@code mlos swap --cluster} (which exited 1 without
 * a word), since a {@link StackOverflowError} is no serialization exception. The entry is skipped
 * now, by its bytes, and whatever still fails to deserialize is skipped, not thrown.
 */
@Timeout(120)
class ANestedListInTheRegistryBrokeNodesAndSwapsTest {

    @Test
    void theNestedListIsSkippedByEveryReaderAndTheRealEntriesStillRead() throws Exception {
        int port = 16720 + (int) (Math.random() * 200);
        HazelcastInstance node = AStrangersForgedListSizeStoppedEveryNodeTest.member(port, "node");
        HazelcastInstance stranger = null;
        try {
            stranger = AStrangersForgedListSizeStoppedEveryNodeTest.member(port, "stranger");
            assertEquals(2, node.getCluster().getMembers().size());
            IMap<String, byte[]> read = node.getMap("mlos.nodes.nested");
            BlockingQueue<String> events = new LinkedBlockingQueue<>();
            read.addEntryListener(new EntryAdapter<String, byte[]>() {
                @Override
                public void onEntryEvent(EntryEvent<String, byte[]> event) {
                    try {
                        Object[] r = SealedEntries.read(event);
                        events.add(r == null ? "skipped" : "read " + r[0]);
                    } catch (Throwable t) {
                        events.add("threw " + t);
                    }
                }
            }, true);
            IMap<Object, Object> written = stranger.getMap("mlos.nodes.nested");
            written.put("deep", nested(stranger, 20_000));
            written.put("real", "sealed".getBytes(StandardCharsets.UTF_8));
            // two keys, two partitions: Hazelcast orders a key's events, not those of two keys
            assertEquals(java.util.Set.of("skipped", "read real"), java.util.Set.of(events.poll(30, TimeUnit.SECONDS),
                    events.poll(30, TimeUnit.SECONDS)));
            List<Map.Entry<String, byte[]>> entries = SealedEntries.of(read);
            assertEquals(List.of("real"), entries.stream().map(Map.Entry::getKey).toList());
            assertNull(SealedEntries.get(read, "deep"));
            assertTrue(events.isEmpty(), events.toString());
        } finally {
            if (stranger != null) {
                stranger.shutdown();
            }
            node.shutdown();
        }
    }

    /** Lists nested {@code depth} deep, serialized on a thread with the stack it takes. */
    private static Data nested(HazelcastInstance by, int depth) throws InterruptedException {
        SerializationService ss = ((SerializationServiceSupport) by).getSerializationService();
        List<Object> l = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            List<Object> n = new ArrayList<>();
            n.add(l);
            l = n;
        }
        List<Object> top = l;
        Data[] d = new Data[1];
        Thread t = new Thread(null, () -> d[0] = ss.toData(top), "serialize", 1L << 30);
        t.start();
        t.join();
        return d[0];
    }
}
