package org.mlos.net.memcached.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.vertx.VertxNetworkServer;

/**
 * memcached's {@code stats settings} says {@code tcp_backlog} (its {@code -b}) right after
 * {@code cas_enabled}; this server left the line out, though a node's {@code -b} sets the network
 * server's listen backlog. It now prints what the network server listens with: the backlog asked
 * for, else the system's ({@code net.core.somaxconn}, which Netty hands to {@code listen}).
 */
@Timeout(60)
class StatsSettingsLackedTheListenBacklogTest {

    @Test
    void theBacklogAskedForIsPrintedAfterCasEnabledAsMemcachedPrintsIt() throws Exception {
        VertxNetworkServer network = new VertxNetworkServer(1, 511);
        MemcachedServer server = ServerHarness.activated(Map.of(), network);
        try (Socket s = new Socket("127.0.0.1", ServerHarness.port(network))) {
            Map<String, String> settings = ServerHarness.stats(s, "stats settings");
            assertEquals("511", settings.get("tcp_backlog"));
            List<String> names = new ArrayList<>(settings.keySet());
            assertEquals(names.indexOf("cas_enabled") + 1, names.indexOf("tcp_backlog"), "memcached's place: " + names);
        } finally {
            server.deactivate();
            network.stop();
        }
    }

    @Test
    void noBacklogAskedForTheSystemsIsPrinted() throws Exception {
        VertxNetworkServer network = new VertxNetworkServer(1);
        MemcachedServer server = ServerHarness.activated(Map.of(), network);
        try (Socket s = new Socket("127.0.0.1", ServerHarness.port(network))) {
            assertEquals(Integer.toString(io.netty.util.NetUtil.SOMAXCONN),
                    ServerHarness.stats(s, "stats settings").get("tcp_backlog"));
        } finally {
            server.deactivate();
            network.stop();
        }
    }

    @Test
    void aBacklogBelowOneIsRefusedSayingWhatItTakes() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new VertxNetworkServer(1, 0));
        assertEquals("a listen backlog is 1 or more connections, not 0", e.getMessage());
    }
}
