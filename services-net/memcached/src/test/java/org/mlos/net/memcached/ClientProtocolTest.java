package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import net.rubyeye.xmemcached.GetsResponse;
import net.rubyeye.xmemcached.MemcachedClient;
import net.rubyeye.xmemcached.XMemcachedClientBuilder;
import net.rubyeye.xmemcached.command.BinaryCommandFactory;
import net.rubyeye.xmemcached.command.TextCommandFactory;
import net.rubyeye.xmemcached.exception.MemcachedServerException;
import net.rubyeye.xmemcached.transcoders.SerializingTranscoder;
import net.rubyeye.xmemcached.utils.AddrUtil;

/** The server through xmemcached, a memcached client from Maven Central, in both protocols. */
@Timeout(120)
class ClientProtocolTest {

    private CacheServer server;
    private MemcachedClient client;

    private void connect(String protocol) throws Exception {
        connect(protocol, Limits.DEFAULT_ITEM_MAX);
    }

    private void connect(String protocol, int itemMax) throws Exception {
        server = new CacheServer(itemMax);
        XMemcachedClientBuilder b = new XMemcachedClientBuilder(AddrUtil.getAddresses(server.address()));
        b.setCommandFactory(protocol.equals("binary") ? new BinaryCommandFactory() : new TextCommandFactory());
        b.setConnectionPoolSize(1);
        b.setOpTimeout(5_000);
        SerializingTranscoder raw = new SerializingTranscoder(8 << 20);
        raw.setCompressionThreshold(Integer.MAX_VALUE); // values as sent, never compressed
        b.setTranscoder(raw);
        client = b.build();
    }

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void setGetDeleteRoundTrip(String protocol) throws Exception {
        connect(protocol);
        assertTrue(client.set("k", 0, "v1"));
        assertEquals("v1", client.get("k"));
        assertTrue(client.delete("k"));
        assertNull(client.get("k"));
        assertFalse(client.delete("k"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void binaryValuesAndFlagsSurvive(String protocol) throws Exception {
        connect(protocol);
        byte[] value = new byte[70_000];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) (i * 31);
        }
        assertTrue(client.set("blob", 0, value));
        assertArrayEquals(value, (byte[]) client.get("blob"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void addReplaceAppendPrepend(String protocol) throws Exception {
        connect(protocol);
        assertTrue(client.add("a", 0, "mid"));
        assertFalse(client.add("a", 0, "again"));
        assertFalse(client.replace("missing", 0, "x"));
        assertTrue(client.replace("a", 0, "mid"));
        assertTrue(client.append("a", "-end"));
        assertTrue(client.prepend("a", "start-"));
        assertEquals("start-mid-end", client.get("a"));
        assertFalse(client.append("missing", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void casSucceedsOnceThenSeesTheNewUnique(String protocol) throws Exception {
        connect(protocol);
        client.set("c", 0, "one");
        GetsResponse<Object> r = client.gets("c");
        assertTrue(client.cas("c", 0, "two", r.getCas()));
        assertFalse(client.cas("c", 0, "three", r.getCas()), "stale unique refused");
        GetsResponse<Object> after = client.gets("c");
        assertEquals("two", after.getValue());
        assertTrue(after.getCas() != r.getCas());
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void countersIncrementDecrementAndFloorAtZero(String protocol) throws Exception {
        connect(protocol);
        assertEquals(10, client.incr("n", 0, 10)); // absent: created with the initial value
        assertEquals(15, client.incr("n", 5));
        assertEquals(12, client.decr("n", 3));
        assertEquals(0, client.decr("n", 100), "decrement stops at zero");
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void multiGetReturnsOnlyPresentKeys(String protocol) throws Exception {
        connect(protocol);
        client.set("m1", 0, "1");
        client.set("m3", 0, "3");
        Map<String, Object> got = client.get(List.of("m1", "m2", "m3"));
        assertEquals(Map.of("m1", "1", "m3", "3"), got);
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void expiryAndTouch(String protocol) throws Exception {
        connect(protocol);
        client.set("short", 1, "x");
        client.set("touched", 1, "y");
        assertTrue(client.touch("touched", 100));
        Thread.sleep(2_100);
        assertNull(client.get("short"), "expired after its second");
        assertEquals("y", client.get("touched"), "touch moved the expiry");
        if (protocol.equals("binary")) { // xmemcached sends gat only in binary; TextProtocolTest covers text gat
            assertEquals("y", client.getAndTouch("touched", 0));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void flushAllEmptiesTheCache(String protocol) throws Exception {
        connect(protocol);
        client.set("f1", 0, "1");
        client.set("f2", 0, "2");
        client.flushAll();
        assertNull(client.get("f1"));
        assertNull(client.get("f2"));
        assertTrue(client.set("f1", 0, "again"), "usable after a flush");
        assertEquals("again", client.get("f1"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void versionAndStats(String protocol) throws Exception {
        connect(protocol);
        client.set("s", 0, "v");
        client.get("s");
        Map<InetSocketAddress, String> versions = client.getVersions();
        assertEquals(MemcachedProtocol.VERSION, versions.values().iterator().next());
        Map<String, String> stats = client.getStats().values().iterator().next();
        assertEquals("1", stats.get("curr_items"));
        assertTrue(Long.parseLong(stats.get("get_hits")) >= 1, stats.toString());
        assertNotNull(stats.get("uptime"));
        Map<String, String> settings = client.getStatsByItem("settings")
                .values().iterator().next();
        assertEquals(String.valueOf(Limits.DEFAULT_ITEM_MAX), settings.get("item_size_max"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void valuesOverTheItemLimitAreRefusedAndTheConnectionGoesOn(String protocol) throws Exception {
        connect(protocol, 4096);
        byte[] big = new byte[5000];
        assertThrows(MemcachedServerException.class, () -> client.set("big", 0, big));
        assertNull(client.get("big"));
        assertTrue(client.set("small", 0, "ok"));
        assertEquals("ok", client.get("small"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "text", "binary" })
    void noreplyStoresAreApplied(String protocol) throws Exception {
        connect(protocol);
        for (int i = 0; i < 100; i++) {
            client.setWithNoReply("q" + i, 0, "v" + i);
        }
        client.deleteWithNoReply("q0");
        assertNull(client.get("q0"));
        assertEquals("v99", client.get("q99"));
    }
}
