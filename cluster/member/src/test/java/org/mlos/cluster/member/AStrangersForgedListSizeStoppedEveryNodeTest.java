package org.mlos.cluster.member;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.cluster.auth.SealedEntries;
import org.mlos.cluster.auth.SealedShape;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.SerializationServiceSupport;

/**
 * An outsider's audit: a Hazelcast client that knew the cluster's name (it travels in the clear)
 * put into {@code mlos.nodes} a 200-byte list whose size said 0x7ffffff0; Hazelcast allocates the
 * size it reads, and every node logged "Terminating due to java.lang.OutOfMemoryError" and exited.
 * Members take no client now, and what a member reads from a shared map is checked by its bytes
 * ({@link SealedShape}) before anything is built: a stranger member's forged list or byte array is
 * skipped like any entry that is not sealed.
 */
@Timeout(120)
class AStrangersForgedListSizeStoppedEveryNodeTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int PORT = 16500 + (int) (Math.random() * 200);
    private static final List<HazelcastInstance> started = new ArrayList<>();
    private static HazelcastInstance node;
    /** A member of the same name, as anyone who read the name can start: members have no other credential. */
    private static HazelcastInstance stranger;

    static HazelcastInstance member(int port, String instance) {
        MemberSettings s = MemberSettings.from(Map.of("mlos.cluster.port", Integer.toString(port), "mlos.cluster.port.count",
                "5")::get);
        Config c = s.toConfig(AStrangersForgedListSizeStoppedEveryNodeTest.class.getClassLoader());
        c.setInstanceName(instance + "-" + port + "-" + System.nanoTime());
        c.setProperty("hazelcast.logging.type", "none");
        c.setClusterName(s.hazelcastClusterName(SECRET));
        return Hazelcast.newHazelcastInstance(c);
    }

    @BeforeAll
    static void start() {
        node = member(PORT, "node");
        started.add(node);
        stranger = member(PORT, "stranger");
        started.add(stranger);
        assertEquals(2, node.getCluster().getMembers().size());
    }

    @AfterAll
    static void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).shutdown();
        }
    }

    @Test
    void aClientThatKnowsTheClusterNameIsNotLetIn() {
        ClientConfig c = new ClientConfig().setClusterName(node.getConfig().getClusterName());
        c.setProperty("hazelcast.logging.type", "none");
        c.getNetworkConfig().addAddress("127.0.0.1:" + PORT, "127.0.0.1:" + (PORT + 1));
        c.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3000);
        HazelcastInstance[] client = new HazelcastInstance[1];
        try {
            assertThrows(IllegalStateException.class, () -> client[0] = HazelcastClient.newHazelcastClient(c));
        } finally {
            if (client[0] != null) {
                client[0].shutdown();
            }
        }
        assertTrue(node.getClientService().getConnectedClients().isEmpty());
        assertEquals("127.0.0.1", node.getCluster().getLocalMember().getAddress().getHost(), "still on loopback only");
    }

    /** A list of 0x1234 nulls whose size says {@code size}, cut to 200 bytes, as the auditor's client wrote it. */
    static Data forgedList(SerializationService ss, int size) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < 0x1234; i++) {
            list.add(null);
        }
        byte[] b = ss.toData(list).toByteArray();
        for (int i = 0; i + 4 <= b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 0x12 && b[i + 3] == 0x34) {
                b[i] = (byte) (size >>> 24);
                b[i + 1] = (byte) (size >>> 16);
                b[i + 2] = (byte) (size >>> 8);
                b[i + 3] = (byte) size;
                break;
            }
        }
        return new HeapData(java.util.Arrays.copyOf(b, 200));
    }

    /** A byte array whose length says {@code length}, holding 16 bytes. */
    static Data forgedBytes(SerializationService ss, int length) {
        byte[] b = ss.toData(new byte[16]).toByteArray();
        b[8] = (byte) (length >>> 24);
        b[9] = (byte) (length >>> 16);
        b[10] = (byte) (length >>> 8);
        b[11] = (byte) length;
        return new HeapData(b);
    }

    @Test
    void aStrangerMembersForgedSizesAreSkippedByTheirBytesBeforeAnythingIsBuilt() {
        SerializationService ss = ((SerializationServiceSupport) stranger).getSerializationService();
        IMap<Object, Object> written = stranger.getMap("mlos.nodes.forged");
        written.put("evil", forgedList(ss, 0x7ffffff0));
        written.put("evil-bytes", forgedBytes(ss, 0x7ffffff0));
        written.put(forgedList(ss, 0x7ffffff0), new byte[] { 1 });
        written.put("real", new byte[] { 1, 2, 3 });
        IMap<String, byte[]> read = node.getMap("mlos.nodes.forged");
        List<Map.Entry<String, byte[]>> entries = SealedEntries.of(read);
        assertEquals(List.of("real"), entries.stream().map(Map.Entry::getKey).toList());
        assertEquals(3, entries.get(0).getValue().length);
        assertEquals(3, SealedEntries.get(read, "real").length);
        assertEquals(null, SealedEntries.get(read, "evil-bytes"));
    }

    @Test
    void theShapeIsReadFromHazelcastsOwnForm() {
        SerializationService ss = ((SerializationServiceSupport) node).getSerializationService();
        assertTrue(SealedShape.fits(ss.toData("a key é"), ss.toData(new byte[] { 1, 2 })));
        assertTrue(SealedShape.fits(ss.toData("k"), ss.toData(new byte[0])));
        assertTrue(SealedShape.fits(ss.toData("removed"), null));
        assertFalse(SealedShape.fits(ss.toData("k"), forgedBytes(ss, 0x7ffffff0)));
        assertFalse(SealedShape.fits(ss.toData("k"), forgedBytes(ss, 15)));
        assertFalse(SealedShape.fits(ss.toData("k"), forgedList(ss, 0x7ffffff0)));
        assertFalse(SealedShape.fits(ss.toData("k"), ss.toData("a string")));
        assertFalse(SealedShape.fits(ss.toData(List.of("k")), ss.toData(new byte[1])));
    }
}
