package org.mlos.net.memcached.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.vertx.VertxNetworkServer;
import org.osgi.framework.Bundle;

/**
 * {@code shutdown} under memcached's {@code -A} ends memcached; on a node it stopped the memcached
 * listener alone and the JVM ran on, with no port, which no supervisor restarts. On a node started
 * for its cache ({@code mlos.memcached.shutdown.stops=node}, as the cache profiles set) the whole
 * framework stops now; embedded, the server alone still does.
 */
@Timeout(60)
class ShutdownStopsTheNodeTest {

    @Test
    void onANodeShutdownStopsTheFramework() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger stops = new AtomicInteger();
        Bundle system = systemBundle(() -> {
            stops.incrementAndGet();
            stopped.countDown();
        });
        VertxNetworkServer network = new VertxNetworkServer(1);
        try {
            ServerHarness.activated(Map.of(MemcachedProperties.SHUTDOWN, "true", MemcachedProperties.SHUTDOWN_STOPS, "node"),
                    network, system);
            assertEquals(-1, shutdown(ServerHarness.port(network)), "the connection closes, as memcached's does");
            assertTrue(stopped.await(30, TimeUnit.SECONDS), "the framework was not asked to stop");
            assertEquals(1, stops.get());
        } finally {
            network.stop();
        }
    }

    @Test
    void embeddedShutdownStopsThisServerOnly() throws Exception {
        AtomicInteger stops = new AtomicInteger();
        VertxNetworkServer network = new VertxNetworkServer(1);
        try {
            ServerHarness.activated(Map.of(MemcachedProperties.SHUTDOWN, "true"), network, systemBundle(stops::incrementAndGet));
            assertEquals(-1, shutdown(ServerHarness.port(network)));
            for (int i = 0; i < 100 && !network.listeners().isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertTrue(network.listeners().isEmpty(), "the server still listens");
            assertEquals(0, stops.get(), "the framework was stopped");
        } finally {
            network.stop();
        }
    }

    /** Sends {@code shutdown}; what the server answers before it closes: -1 when it closes without a word. */
    private static int shutdown(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("shutdown\r\n".getBytes(StandardCharsets.US_ASCII));
            return s.getInputStream().read();
        }
    }

    private static Bundle systemBundle(Runnable onStop) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (p, m, a) -> {
                    if (m.getName().equals("stop")) {
                        onStop.run();
                        return null;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
