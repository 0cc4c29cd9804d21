package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mlos.net.api.Listener;
import org.osgi.framework.BundleContext;

/**
 * memcached's {@code -t} (threads) and {@code -b} (listen backlog) reach a cache node as framework
 * properties: the cache profiles run without Configuration Admin, where the server's
 * {@code event.loops} could only be set by configuration, so {@code mlos run cache -t 4} had no way
 * to set it.
 */
@Timeout(60)
class ThreadsAndBacklogFromFrameworkPropertiesTest {

    @Test
    void eventLoopsComeFromTheFrameworkProperty() throws Exception {
        VertxNetworkServer server = activated(Map.of(VertxNetworkServer.EVENT_LOOPS, "3"), 0, 0);
        try {
            assertEquals(3, threadsServing(server, 9));
        } finally {
            server.stop();
        }
    }

    @Test
    void theComponentsConfigurationWinsOverTheProperty() throws Exception {
        VertxNetworkServer server = activated(Map.of(VertxNetworkServer.EVENT_LOOPS, "3"), 1, 0);
        try {
            assertEquals(1, threadsServing(server, 4));
        } finally {
            server.stop();
        }
    }

    @Test
    void theBacklogIsTheListeningSocketsQueue() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ss")) || Files.isExecutable(Path.of("/bin/ss")), "needs ss");
        VertxNetworkServer server = activated(Map.of(VertxNetworkServer.ACCEPT_BACKLOG, "7"), 0, 0);
        try {
            Listener l = server.listen("127.0.0.1", 0, new VertxNetworkServerTest.Echo());
            assertEquals(7, backlog(l.port()));
        } finally {
            server.stop();
        }
    }

    @Test
    void aBadValueStopsTheServerNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> activated(Map.of(VertxNetworkServer.EVENT_LOOPS, "0"), 0, 0));
        assertTrue(e.getMessage().contains(VertxNetworkServer.EVENT_LOOPS), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> activated(Map.of(VertxNetworkServer.ACCEPT_BACKLOG, "many"), 0, 0));
        assertTrue(e.getMessage().contains(VertxNetworkServer.ACCEPT_BACKLOG), e.getMessage());
    }

    /** A server activated as DS does it, in a framework with {@code properties}, configured with {@code loops} and {@code backlog}. */
    static VertxNetworkServer activated(Map<String, String> properties, int loops, int backlog) {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) {
                        return properties.get((String) args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        VertxNetworkServer server = new VertxNetworkServer();
        server.activate(context, new VertxNetworkServer.Config() {
            @Override
            public int event_loops() {
                return loops;
            }

            @Override
            public int accept_backlog() {
                return backlog;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return VertxNetworkServer.Config.class;
            }
        });
        return server;
    }

    /** The event loop threads that served {@code connections} connections, each dealt to the next loop. */
    private static int threadsServing(VertxNetworkServer server, int connections) throws IOException {
        VertxNetworkServerTest.Echo echo = new VertxNetworkServerTest.Echo();
        Listener listener = server.listen("127.0.0.1", 0, echo);
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Socket s = new Socket("127.0.0.1", listener.port());
                clients.add(s);
                s.getOutputStream().write('x');
                s.setSoTimeout(10_000);
                assertEquals('x', s.getInputStream().read());
            }
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
        return echo.threads.size();
    }

    /** The backlog of the socket listening on {@code port}: ss's Send-Q for a listening socket. */
    private static int backlog(int port) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        String[] fields = out.split("\\s+");
        assertTrue(fields.length >= 3 && fields[0].equals("LISTEN"), out);
        return Integer.parseInt(fields[2]);
    }
}
