package org.mlos.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code GET /metrics} in Prometheus' text format, for a scraper that presents the node's bearer
 * token ({@code Authorization: Bearer <token>}; Prometheus: {@code authorization: {credentials_file: …}}).
 * Anything else gets 401, 404 or 405 and no figures. One thread: scrapes are rare.
 */
final class MetricsEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService thread;
    private final byte[] expected;

    private MetricsEndpoint(HttpServer server, ExecutorService thread, String token) {
        this.server = server;
        this.thread = thread;
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    static MetricsEndpoint start(String host, int port, String token, Supplier<String> scrape) throws IOException {
        if (token.length() < 16) {
            throw new IllegalArgumentException("the metrics token must be at least 16 characters");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mlos-metrics-http");
            t.setDaemon(true);
            return t;
        });
        MetricsEndpoint endpoint = new MetricsEndpoint(server, thread, token);
        server.createContext("/", exchange -> endpoint.handle(exchange, scrape));
        server.setExecutor(thread);
        server.start();
        return endpoint;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String host() {
        return server.getAddress().getHostString();
    }

    private void handle(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        try (exchange) {
            if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"mlos\"");
                send(exchange, 401, "unauthorized: send Authorization: Bearer <the token in the node's "
                        + MetricsProperties.TOKEN_FILE + ">\n");
                return;
            }
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                send(exchange, 404, "not found: the figures are at /metrics\n");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "only GET\n");
                return;
            }
            String body;
            try {
                body = scrape.get();
            } catch (RuntimeException e) {
                // A failing meter must cost the scrape, not the endpoint: say what failed.
                send(exchange, 500, "cannot read the figures: " + e + "\n");
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            send(exchange, 200, body);
        }
    }

    private boolean authorized(String header) {
        // Constant time: a scraper must not learn the token byte by byte from response times.
        return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
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
