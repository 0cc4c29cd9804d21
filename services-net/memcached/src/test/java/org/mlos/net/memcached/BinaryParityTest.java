package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.mlos.net.memcached.BinaryClient.ADD;
import static org.mlos.net.memcached.BinaryClient.APPEND;
import static org.mlos.net.memcached.BinaryClient.DECREMENT;
import static org.mlos.net.memcached.BinaryClient.GAT;
import static org.mlos.net.memcached.BinaryClient.GET;
import static org.mlos.net.memcached.BinaryClient.INCREMENT;
import static org.mlos.net.memcached.BinaryClient.PREPEND;
import static org.mlos.net.memcached.BinaryClient.SET;
import static org.mlos.net.memcached.BinaryClient.TOUCH;
import static org.mlos.net.memcached.BinaryClient.counterExtras;
import static org.mlos.net.memcached.BinaryClient.exptimeExtras;
import static org.mlos.net.memcached.BinaryClient.storageExtras;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.memcached.BinaryClient.Response;

/** The binary protocol where it must answer as memcached 1.6 does (proto_bin.c), byte for byte where it can. */
@Timeout(60)
class BinaryParityTest {

    private static final byte[] NONE = new byte[0];
    private static final int KEY_ENOENT = 0x01, KEY_EEXISTS = 0x02, E2BIG = 0x03, NOT_STORED = 0x05;

    private CacheServer server;
    private BinaryClient c;

    @BeforeEach
    void start() throws Exception {
        server = new CacheServer(4096);
        c = new BinaryClient(server.port());
    }

    @AfterEach
    void stop() throws Exception {
        c.close();
        server.close();
    }

    private long set(String key, String value, int flags) throws Exception {
        Response r = c.call(SET, 0, storageExtras(flags, 0), key, value);
        assertEquals(0, r.status());
        return r.cas();
    }

    @Test
    void incrAndDecrHonourTheRequestsCas() throws Exception {
        long cas = set("n", "10", 0);
        Response stale = c.call(INCREMENT, cas + 1000, counterExtras(1, 0, 0), "n", "");
        assertEquals(KEY_EEXISTS, stale.status(), "a CAS that no longer matches refuses the increment");
        assertEquals("Data exists for key.", stale.valueText());
        assertEquals("10", c.call(GET, 0, NONE, "n", "").valueText(), "and leaves the value alone");
        Response ok = c.call(INCREMENT, cas, counterExtras(5, 0, 0), "n", "");
        assertEquals(0, ok.status());
        assertEquals(15, ByteBuffer.wrap(ok.value()).getLong());
        assertNotEquals(cas, ok.cas());
        assertEquals(KEY_EEXISTS, c.call(DECREMENT, cas, counterExtras(1, 0, 0), "n", "").status(), "old CAS now stale");
        Response down = c.call(DECREMENT, ok.cas(), counterExtras(1, 0, 0), "n", "");
        assertEquals(14, ByteBuffer.wrap(down.value()).getLong());
    }

    @Test
    void addWithACasIsServedAsCas() throws Exception {
        long cas = set("a", "one", 0);
        assertEquals(KEY_EEXISTS, c.call(ADD, cas + 1000, storageExtras(0, 0), "a", "two").status());
        Response matched = c.call(ADD, cas, storageExtras(0, 0), "a", "two");
        assertEquals(0, matched.status(), "memcached turns an add with a CAS into cas (proto_bin.c: NREAD_CAS)");
        assertEquals("two", c.call(GET, 0, NONE, "a", "").valueText());
        assertEquals(KEY_ENOENT, c.call(ADD, 77, storageExtras(0, 0), "missing", "x").status(),
                "and a cas of a missing key is not found");
        assertEquals(KEY_ENOENT, c.call(GET, 0, NONE, "missing", "").status());
    }

    @Test
    void touchAndGatRepliesCarryFlagsAndCas() throws Exception {
        long cas = set("t", "value", 0xdeadbeef);
        Response touch = c.call(TOUCH, 0, exptimeExtras(100), "t", "");
        byte[] expected = ByteBuffer.allocate(28).put((byte) 0x81).put((byte) TOUCH).putShort((short) 0).put((byte) 4)
                .put((byte) 0).putShort((short) 0).putInt(4).putInt(0).putLong(cas).putInt(0xdeadbeef).array();
        assertArrayEquals(expected, touch.bytes(), "TOUCH: extras hold the flags, the header the CAS, no value");
        Response gat = c.call(GAT, 0, exptimeExtras(100), "t", "");
        assertEquals(0xdeadbeef, gat.flags());
        assertEquals(cas, gat.cas());
        assertEquals("value", gat.valueText());
    }

    @Test
    void appendOrPrependWithACasOnAMissingKeyIsNotStored() throws Exception {
        Response append = c.call(APPEND, 5, NONE, "missing", "x");
        assertEquals(NOT_STORED, append.status());
        assertEquals("Not stored.", append.valueText());
        assertEquals(NOT_STORED, c.call(PREPEND, 5, NONE, "missing", "x").status());
        long cas = set("k", "mid", 0);
        assertEquals(KEY_EEXISTS, c.call(APPEND, cas + 1000, NONE, "k", "x").status());
        Response ok = c.call(APPEND, cas, NONE, "k", "-end");
        assertEquals(0, ok.status());
        assertEquals(0, c.call(PREPEND, ok.cas(), NONE, "k", "start-").status());
        assertEquals("start-mid-end", c.call(GET, 0, NONE, "k", "").valueText());
    }

    @Test
    void aNonZeroDatatypeIsServedLikeRawBytes() throws Exception {
        Response set = c.send(BinaryClient.request(SET, 0x01, 9, 0, storageExtras(3, 0), "d", "json".getBytes())).read();
        assertEquals(0, set.status(), "memcached ignores the datatype byte");
        assertEquals(9, set.opaque());
        Response get = c.send(BinaryClient.request(GET, 0x02, 10, 0, NONE, "d", NONE)).read();
        assertEquals(0, get.status());
        assertEquals(0, get.bytes()[5], "and always answers raw bytes (datatype 0)");
        assertEquals("json", get.valueText());
    }

    @Test
    void aSetRefusedAsTooLargeDropsTheOldItem() throws Exception {
        set("big", "old", 0);
        Response r = c.call(SET, 0, storageExtras(0, 0), "big", "x".repeat(5000));
        assertEquals(E2BIG, r.status());
        assertEquals(KEY_ENOENT, c.call(GET, 0, NONE, "big", "").status(), "memcached unlinks it: no stale value");
    }
}
