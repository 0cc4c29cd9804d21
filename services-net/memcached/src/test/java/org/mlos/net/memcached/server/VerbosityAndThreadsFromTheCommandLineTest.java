package org.mlos.net.memcached.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.memcached.RecordedLog;
import org.mlos.net.memcached.Tunables;
import org.mlos.net.vertx.VertxNetworkServer;

/**
 * memcached's {@code -v}/{@code -vv} and {@code -t} on a cache node's command line: the launcher
 * sets framework properties, which the server reads when it starts (the cache profiles have no
 * Configuration Admin). The level started at 0 whatever the line said, and {@code stats} reported
 * one thread per processor whatever {@code -t} asked of the network server.
 */
@Timeout(60)
class VerbosityAndThreadsFromTheCommandLineTest {

    @Test
    void theServerStartsAtTheVerbosityAndReportsTheEventLoopsTheLineAskedFor() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Logger log = Logger.getLogger("org.mlos.net.memcached.VerboseLog");
        Handler handler = new RecordedLog(logged);
        log.addHandler(handler);
        VertxNetworkServer network = new VertxNetworkServer(3);
        MemcachedServer server = ServerHarness.activated(Map.of(MemcachedProperties.VERBOSITY, "2", org.mlos.net.api.NetProperties.EVENT_LOOPS, "3"),
                network);
        try (Socket s = new Socket("127.0.0.1", ServerHarness.port(network))) {
            Map<String, String> settings = ServerHarness.stats(s, "stats settings");
            assertEquals("2", settings.get("verbosity"));
            assertEquals("3", settings.get("num_threads"));
            assertEquals("3", ServerHarness.stats(s, "stats").get("threads"));
            assertTrue(logged.stream().anyMatch(l -> l.contains("new connection from")), "-vv logs connections: " + logged);
            assertTrue(logged.stream().anyMatch(l -> l.endsWith(" stats settings")), "-vv logs requests: " + logged);
            assertEquals(Map.of(), ServerHarness.stats(s, "verbosity 0"), "OK, no STAT lines");
            assertEquals("0", ServerHarness.stats(s, "stats settings").get("verbosity"), "the verbosity command changes it as before");
        } finally {
            log.removeHandler(handler);
            server.deactivate();
            network.stop();
        }
    }

    @Test
    void unsetTheServerStartsQuietAndReportsAThreadPerProcessor() throws Exception {
        VertxNetworkServer network = new VertxNetworkServer(0);
        MemcachedServer server = ServerHarness.activated(Map.of(), network);
        try (Socket s = new Socket("127.0.0.1", ServerHarness.port(network))) {
            Map<String, String> settings = ServerHarness.stats(s, "stats settings");
            assertEquals("0", settings.get("verbosity"));
            assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), settings.get("num_threads"));
        } finally {
            server.deactivate();
            network.stop();
        }
    }

    /**
     * Event loops set in the network server's own configuration (Configuration Admin, PID
     * org.mlos.net.vertx), not by a framework property: {@code stats} reported the property's
     * figure, one per processor, while three loops served.
     */
    @Test
    void statsReportTheEventLoopsTheNetworkServerRunsWhereverTheyWereSet() throws Exception {
        String loops = Integer.toString(Runtime.getRuntime().availableProcessors() + 1); // not the default
        VertxNetworkServer network = new VertxNetworkServer(Integer.parseInt(loops));
        MemcachedServer server = ServerHarness.activated(Map.of(), network);
        try (Socket s = new Socket("127.0.0.1", ServerHarness.port(network))) {
            assertEquals(loops, ServerHarness.stats(s, "stats settings").get("num_threads"));
            assertEquals(loops, ServerHarness.stats(s, "stats").get("threads"));
        } finally {
            server.deactivate();
            network.stop();
        }
    }

    @Test
    void aLevelPastMemcachedsMostIsRefusedNamingTheProperty() {
        VertxNetworkServer network = new VertxNetworkServer(1);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServerHarness.activated(Map.of(MemcachedProperties.VERBOSITY, "3"), network));
            assertTrue(e.getMessage().contains(MemcachedProperties.VERBOSITY), e.getMessage());
        } finally {
            network.stop();
        }
    }

    @Test
    void tunablesStartAtZeroAndALevelAskedForIsCapped() {
        Tunables t = new Tunables();
        assertEquals(0, t.verbosity());
        t.verbosity(7);
        assertEquals(2, t.verbosity(), "capped as the verbosity command caps it");
    }
}
