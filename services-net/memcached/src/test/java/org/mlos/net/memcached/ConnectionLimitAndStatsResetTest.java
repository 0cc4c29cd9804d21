package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.api.Listener;
import org.mlos.net.memcached.server.StandardDialects;
import org.mlos.net.vertx.VertxNetworkServer;

/**
 * As memcached: a connection over the limit reads {@code ERROR Too many open connections} before
 * the server closes it (not a silent close), and is counted in {@code rejected_connections}; a
 * {@code stats reset} starts the counters again, {@code total_items} and the connection totals
 * included (an operator found total_items 113 after a reset and one set, memcached 1).
 */
@Timeout(60)
class ConnectionLimitAndStatsResetTest {

    /** memcached 1.6's own words (memcached.c, on accept over -c). */
    private static final String TOO_MANY = "ERROR Too many open connections";

    @Test
    void aConnectionOverTheLimitIsToldWhyAndCounted() throws Exception {
        VertxNetworkServer network = new VertxNetworkServer(1);
        MemcachedProtocol protocol = new MemcachedProtocol(new HeapStore(64L << 20), new StandardDialects(),
                new Limits(Limits.DEFAULT_ITEM_MAX), "127.0.0.1", 0, 2, 1);
        Listener listener = network.listen("127.0.0.1", 0, protocol);
        try (TextClient a = new TextClient(listener.port()); TextClient b = new TextClient(listener.port())) {
            assertTrue(a.call("version").startsWith("VERSION "));
            assertTrue(b.call("version").startsWith("VERSION "));
            for (int i = 1; i <= 3; i++) {
                try (TextClient over = new TextClient(listener.port())) {
                    assertEquals(TOO_MANY, over.line(), "refusal " + i);
                    assertTrue(over.closedByServer(), "closed after the refusal " + i);
                }
            }
            assertEquals("3", stat(a, "rejected_connections"));
            assertTrue(a.call("version").startsWith("VERSION "), "the connections within the limit still served");
        } finally {
            listener.close();
            network.stop();
        }
    }

    @Test
    void statsResetStartsTotalItemsAndConnectionCountsAgain() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient c = new TextClient(server.port())) {
            for (int i = 0; i < 5; i++) {
                assertEquals("STORED", c.send("set k" + i + " 0 0 1\r\nx\r\n").line());
            }
            assertEquals("5", stat(c, "total_items"));
            assertEquals("RESET", c.call("stats reset"));
            assertEquals("0", stat(c, "total_items"));
            assertEquals("0", stat(c, "total_connections"));
            assertEquals("STORED", c.send("set k9 0 0 1\r\ny\r\n").line());
            assertEquals("1", stat(c, "total_items"));
            assertEquals("6", stat(c, "curr_items"), "a gauge, not a counter: a reset leaves it");
        }
    }

    private static String stat(TextClient c, String name) throws IOException {
        List<String> lines = c.send("stats\r\n").untilEnd();
        for (String l : lines) {
            String[] w = l.split(" ");
            if (w.length == 3 && w[1].equals(name)) {
                return w[2];
            }
        }
        throw new AssertionError("no STAT " + name + " in " + lines);
    }
}
