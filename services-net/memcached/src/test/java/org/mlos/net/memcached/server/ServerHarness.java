package org.mlos.net.memcached.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.mlos.mem.store.heap.HeapStore;
import org.mlos.net.api.Listener;
import org.mlos.net.vertx.VertxNetworkServer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** A {@link MemcachedServer} activated as DS activates it, in a framework faked down to what the server asks of it. */
final class ServerHarness {

    private ServerHarness() {
    }

    static MemcachedServer activated(Map<String, String> properties, VertxNetworkServer network) throws Exception {
        return activated(properties, network, null);
    }

    /**
     * The server activated as DS does it, on 127.0.0.1 and a free port (unless {@code properties}
     * name one), in a framework with
     * {@code properties} whose system bundle is {@code systemBundle} (null: none asked for).
     */
    static MemcachedServer activated(Map<String, String> properties, VertxNetworkServer network, Bundle systemBundle)
            throws Exception {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent(MemcachedProperties.PORT, "0");
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> all.get((String) args[0]);
                    case "getBundle" -> systemBundle;
                    case "registerService" -> Proxy.newProxyInstance(ServiceRegistration.class.getClassLoader(),
                            new Class<?>[] { ServiceRegistration.class }, (p, m, a) -> null);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        MemcachedServer server = new MemcachedServer();
        set(server, "store", new HeapStore(8L << 20));
        set(server, "network", network);
        server.activate(context, new MemcachedServer.Config() {
            @Override
            public String host() {
                return "";
            }

            @Override
            public int port() {
                return -1;
            }

            @Override
            public int item_max() {
                return -1;
            }

            @Override
            public int max_connections() {
                return -1;
            }

            @Override
            public boolean shutdown() {
                return false;
            }

            @Override
            public String auth_file() {
                return "";
            }

            @Override
            public String socket() {
                return "";
            }

            @Override
            public String socket_mask() {
                return "";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return MemcachedServer.Config.class;
            }
        });
        return server;
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }

    static int port(VertxNetworkServer network) {
        List<Listener> listeners = network.listeners();
        assertEquals(1, listeners.size());
        return listeners.get(0).port();
    }

    /** Sends {@code command}; the {@code STAT name value} lines up to {@code END}, in order, or none for another one-line reply. */
    static Map<String, String> stats(Socket s, String command) throws IOException {
        s.setSoTimeout(10_000);
        s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        Map<String, String> stats = new LinkedHashMap<>(); // in the order the server sent them
        InputStream in = s.getInputStream();
        while (true) {
            String line = line(in);
            if (!line.startsWith("STAT ")) {
                return stats;
            }
            String[] parts = line.split(" ", 3);
            stats.put(parts[1], parts.length > 2 ? parts[2] : "");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
