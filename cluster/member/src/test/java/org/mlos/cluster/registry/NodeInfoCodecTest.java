package org.mlos.cluster.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mlos.cluster.api.NodeInfo;

class NodeInfoCodecTest {

    @Test
    void aNodeInfoSurvivesTheRoundTrip() {
        NodeInfo n = new NodeInfo("id-1", "cache", "127.0.0.1:5701", 4711, Map.of("org.mlos.core", "0.1.0"),
                Map.of("org.mlos.mem.api.KeyValueStore", "slab"), Map.of("memcached", "127.0.0.1:11211"), 1L, 2L, 3L,
                new NodeInfo.Load(0.5, -1, 100, 200, 42), 5L);
        assertEquals(n, NodeInfoCodec.decode(NodeInfoCodec.encode(n)));
    }

    @Test
    void trailingOrMissingBytesAreRefused() {
        NodeInfo n = new NodeInfo("id-1", "cache", "a", 1, Map.of(), Map.of(), Map.of(), 1, 2, 3,
                new NodeInfo.Load(0, 0, 0, 0, 0), 5);
        byte[] b = NodeInfoCodec.encode(n);
        assertThrows(IllegalArgumentException.class, () -> NodeInfoCodec.decode(java.util.Arrays.copyOf(b, b.length + 1)));
        assertThrows(IllegalArgumentException.class, () -> NodeInfoCodec.decode(java.util.Arrays.copyOf(b, b.length - 1)));
    }
}
