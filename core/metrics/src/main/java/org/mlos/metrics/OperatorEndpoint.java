package org.mlos.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.mlos.core.settings.BearerToken;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The node's HTTP face for operators: {@code /metrics} for Prometheus, the dashboard's page and
 * its {@code /api/…} calls. Every route that reads or changes the node wants the node's bearer
 * token ({@code Authorization: Bearer <token>}; Prometheus: {@code authorization: {credentials_file: …}});
 * only the dashboard's page itself, which holds no figures, is served without.
 *
 * <p>Each request is read on a virtual thread of its own, and the routes answer one at a time
 * (operators are few, and a scrape refreshes shared meters): with one thread for all, a client
 * that sent half a request line held every other request, the token check included, for as long
 * as it kept the connection open. A route that waits on the node for long (a swap, which the
 * kernel orders itself) answers beside the others ({@link #routeBeside}): taken one at a time, a
 * swap of 20,000 items from the dashboard held {@code /metrics} and the dashboard's own view of
 * the swap's progress for the seconds it ran.
 */
final class OperatorEndpoint implements AutoCloseable {

    /** What a route answers. */
    record Reply(int status, String contentType, String body) {
        static Reply text(String body) {
            return new Reply(200, "text/plain; version=0.0.4; charset=utf-8", body);
        }

        static Reply json(String body) {
            return new Reply(200, "application/json", body);
        }
    }

    /** One route: the request's body (form-encoded for POST, else empty) in, the reply out. */
    @FunctionalInterface
    interface Handler {
        Reply handle(String body);
    }

    /** {@code alone}: answered one at a time with the other such routes. */
    private record Route(String method, boolean needsToken, boolean alone, Handler handler) {
    }

    private final HttpServer server;
    private final ExecutorService thread;
    private final BearerToken token;
    private static final int PLATFORM_READERS = 32;
    private final Map<String, Route> routes = new HashMap<>();
    /** Held while a route answers: one at a time, whatever the requests being read meanwhile. */
    private final java.util.concurrent.locks.ReentrantLock answering = new java.util.concurrent.locks.ReentrantLock();

    private OperatorEndpoint(HttpServer server, ExecutorService thread, BearerToken token) {
        this.server = server;
        this.thread = thread;
        this.token = token;
    }

    /** Seconds a request may take to arrive, head and body ({@value #MAX_REQUEST_PROPERTY}). */
    static final String MAX_REQUEST_SECONDS = "60";
    static final String MAX_REQUEST_PROPERTY = "sun.net.httpserver.maxReqTime";
    /** Connections open at once ({@value #MAX_CONNECTIONS_PROPERTY}); operators and scrapers are few. */
    static final String MAX_CONNECTIONS = "128";
    static final String MAX_CONNECTIONS_PROPERTY = "jdk.httpserver.maxConnections";

    static OperatorEndpoint start(String host, int port, BearerToken token) throws IOException {
        limits();
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (java.net.BindException e) {
            // the operator's setting, told as one: "BindException: Address already in use" named no port
            throw new IllegalArgumentException("cannot listen on " + host + ":" + port + " (" + MetricsProperties.PORT + ", "
                    + MetricsProperties.HOST + "): " + e.getMessage() + "; give another port with --set "
                    + MetricsProperties.PORT + "=<port>, or 0 for a free one", e);
        }
        ExecutorService thread = readers();
        OperatorEndpoint endpoint = new OperatorEndpoint(server, thread, token);
        server.createContext("/", endpoint::handle);
        server.setExecutor(thread);
        server.start();
        return endpoint;
    }

    /**
     * The JDK server's defaults take connections without limit and wait for a request's head for
     * ever: a client that sent a head a byte at a time, or opened connections by the thousand, held
     * a reader thread each for good, with no token shown. Its limits are the JVM's system properties,
     * read once, when the JVM's first such server starts (ours: no other in a node); one an operator
     * set (-D) is kept. Past the first, a connection is reset as it opens; past the second, closed.
     */
    private static void limits() {
        System.getProperties().putIfAbsent(MAX_REQUEST_PROPERTY, MAX_REQUEST_SECONDS);
        System.getProperties().putIfAbsent(MAX_CONNECTIONS_PROPERTY, MAX_CONNECTIONS);
    }

    /**
     * A thread for each request being read: virtual where the JVM has them (21 on; the bundles are
     * built for 17), else up to {@value #PLATFORM_READERS} platform threads, past which a request
     * is refused (its connection closed) rather than queued behind the ones held.
     */
    private static ExecutorService readers() {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
            builder = ofVirtual.getMethod("name", String.class, long.class).invoke(builder, "mlos-operator-http-", 0L);
            ThreadFactory factory = (ThreadFactory) Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
            return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                    .invoke(null, factory);
        } catch (ReflectiveOperationException before21) {
            return new ThreadPoolExecutor(0, PLATFORM_READERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "mlos-operator-http");
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Adds a route that wants the token, answered one at a time with the others. */
    OperatorEndpoint route(String method, String path, Handler handler) {
        routes.put(path, new Route(method, true, true, handler));
        return this;
    }

    /**
     * Adds a route that wants the token and may wait on the node for long, answered beside the
     * others: its handler must be safe to run while they answer (a swap: the kernel orders swaps).
     */
    OperatorEndpoint routeBeside(String method, String path, Handler handler) {
        routes.put(path, new Route(method, true, false, handler));
        return this;
    }

    /** Adds a route anyone may read: only for what holds no figure of the node. */
    OperatorEndpoint open(String path, Handler handler) {
        routes.put(path, new Route("GET", false, true, handler));
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String host() {
        return server.getAddress().getHostString();
    }

    /** A refusal as the route's callers read answers: the API's as the control socket's JSON errors, else text. */
    private static Reply refusal(boolean api, int status, String message) {
        return api ? new Reply(status, "application/json", org.mlos.core.api.KernelJson.error(message))
                : new Reply(status, "text/plain", message + "\n");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Route route = routes.get(exchange.getRequestURI().getPath());
            if (route == null) {
                send(exchange, new Reply(404, "text/plain", "not found: the figures are at /metrics, the dashboard at /\n"));
                return;
            }
            boolean api = exchange.getRequestURI().getPath().startsWith("/api/");
            if (route.needsToken() && !token.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"mlos\"");
                send(exchange, refusal(api, 401, "unauthorized: send Authorization: Bearer <the token in the node's "
                        + MetricsProperties.TOKEN_FILE + ">"));
                return;
            }
            if (!exchange.getRequestMethod().equals(route.method())) {
                send(exchange, refusal(api, 405, "only " + route.method()));
                return;
            }
            String body = new String(exchange.getRequestBody().readNBytes(4096), StandardCharsets.UTF_8);
            Reply reply;
            try {
                reply = route.alone() ? answerAlone(route, body) : route.handler().handle(body);
            } catch (RuntimeException e) {
                // A failing meter or request must cost this request, not the endpoint: say what failed.
                reply = new Reply(500, "text/plain", "cannot answer: " + e + "\n");
            }
            send(exchange, reply);
        }
    }

    private Reply answerAlone(Route route, String body) {
        answering.lock(); // a lock, not a monitor: a virtual thread waiting at a monitor pins its carrier before Java 24
        try {
            return route.handler().handle(body);
        } finally {
            answering.unlock();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", reply.contentType());
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        // no other site may frame the dashboard's swap buttons (clickjacking), nor a reply be sniffed as another type
        exchange.getResponseHeaders().add("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().add("Content-Security-Policy", "frame-ancestors 'none'");
        exchange.getResponseHeaders().add("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
