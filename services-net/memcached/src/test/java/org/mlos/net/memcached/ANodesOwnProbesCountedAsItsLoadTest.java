package org.mlos.net.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cache node with no client published about ten operations a second as its load: the load was
 * its store's counters, which also count the node's own health probe (a read a second, more during
 * a swap's probation). The server now counts what its clients asked for, as {@code stats} does,
 * and the load is that.
 */
@Timeout(60)
class ANodesOwnProbesCountedAsItsLoadTest {

    @Test
    void clientOperationsCountWhatClientsAskedForAndNotTheStoresOwnCalls() throws Exception {
        try (CacheServer server = new CacheServer(); TextClient c = new TextClient(server.port())) {
            ServerStats stats = server.protocol.stats();
            assertEquals(0, stats.clientOperations());
            for (int i = 0; i < 25; i++) {
                server.store.get("probe"); // what the node's health probe does, through the store's handle
            }
            assertEquals(0, stats.clientOperations(), "the node's own calls are no client's");
            c.send("set a 0 0 1\r\n1\r\n");
            assertEquals("STORED", c.line());
            c.send("get a b c\r\n");
            assertEquals(List.of("VALUE a 0 1", "1"), c.untilEnd());
            c.send("incr a 1\r\n");
            assertEquals("2", c.line());
            c.send("touch a 10\r\n");
            assertEquals("TOUCHED", c.line());
            c.send("delete a\r\n");
            assertEquals("DELETED", c.line());
            assertEquals(1 + 3 + 1 + 1 + 1, stats.clientOperations(), "a set, three keys fetched, incr, touch, delete");
        }
    }
}
